using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;
using PayoutOutcome = AcquirerEngine.Grains.Payouts.PayoutOutcome;
using ReturnBackoff = AcquirerEngine.Domain.Payouts.ReturnBackoff;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// R4 split within caps: a payout above the open rails' per-item cap travels as parts, each with an idempotent id
/// derived from the payout id ("&lt;payoutId&gt;/1", ...), handed to its rail and tracked on its own. The ledger
/// sees one payout: sent with its first part, credited when every part is finished and one was credited, and a
/// returned part gives back just its amount (every part returned: the payout is returned).
/// </summary>
public sealed partial class MerchantGrain
{
    private const char PartSeparator = '/';

    /// <summary>The payout a part id belongs to, or null when the id names no part of a known split payout.</summary>
    private string? SplitParent(string partId)
    {
        var at = partId.LastIndexOf(PartSeparator);
        if (at <= 0)
        {
            return null;
        }

        var parent = partId[..at];
        return State.Payouts.GetValueOrDefault(parent) is { Parts.Count: > 0 } tracking && tracking.Parts.Any(p => p.PartId == partId)
            ? parent
            : null;
    }

    private static List<PayoutPartTracking> PartsOf(string payoutId, RouteDecision decision) =>
        [.. decision.Parts.Select((part, i) => new PayoutPartTracking
        {
            PartId = $"{payoutId}{PartSeparator}{i + 1}",
            Channel = part.Channel,
            AmountMinor = part.AmountMinor,
        })];

    /// <summary>Hands every part no rail accepted yet to its rail; the payout counts as accepted once all are.</summary>
    private async Task DispatchPartsAsync(LedgerPayout payout, PayoutTracking tracking, MerchantProfile profile, DateTime tickLocal)
    {
        var parts = tracking.Parts.ToList();
        var events = new List<LedgerEvent>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Accepted)
            {
                continue;
            }

            var instruction = new PayoutInstruction(
                part.PartId,
                MerchantId,
                part.AmountMinor,
                _options.Currency,
                new PayoutAccount(profile.Account.BankCode, profile.Account.AccountNumber, Destination(profile)),
                part.Channel,
                payout.RunDate,
                tracking.InstructedAtLocal ?? tickLocal);
            PayoutEnqueueResult result;
            try
            {
                result = await GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(part.Channel)).EnqueueAsync(instruction);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await RailFailedAsync(part.Channel, payout, ex, tickLocal);
                continue;
            }

            State.RailUnavailableSince.Remove(part.Channel);
            if (result.IsQueued || result.Outcome is EnqueueOutcome.AlreadyFinished or EnqueueOutcome.AlreadyInTransit)
            {
                var closed = result.ChannelState != ChannelState.Open;
                parts[i] = part with
                {
                    Accepted = true,
                    Reason = result.Reason,
                    Status = closed && part.Status == PayoutPartStatus.Instructed ? PayoutPartStatus.Queued : part.Status,
                };
                if (closed && State.Ledger.FindPayout(payout.PayoutId)!.Status == PayoutStatus.Instructed)
                {
                    var queued = MerchantLedgerDecider.Decide(
                        State.Ledger, new RecordPayoutQueuedCommand(MerchantId, payout.PayoutId, part.Channel.ToString(), result.Reason, tickLocal));
                    foreach (var e in queued.Events)
                    {
                        State.Ledger.Apply(e);
                        events.Add(e);
                    }
                }
            }
            else
            {
                // Refused (queue full, or the rail's configuration changed): the part keeps its rail and amount, so
                // its id stays the same money, and the next run offers it again.
                parts[i] = part with { Reason = result.Reason };
                State.PendAlert(PayoutNotDispatchedAlert(payout, $"{Slug(result.Outcome)}-part-{i + 1}", result.Reason, tickLocal));
            }
        }

        State.Payouts[payout.PayoutId] = tracking with { Parts = parts, Accepted = parts.All(p => p.Accepted) };
        await WriteStateAsync([.. events.Select(MerchantJournal.ToRecord)]);
    }

    /// <summary>A rail's notice about one part: updates the part, then what the ledger's single payout must show.</summary>
    private async Task NotifyPartAsync(string payoutId, PayoutNotice notice)
    {
        var payout = State.Ledger.FindPayout(payoutId)!;
        var tracking = State.Payouts[payoutId];
        var parts = tracking.Parts.ToList();
        var index = parts.FindIndex(p => p.PartId == notice.PayoutId);
        var part = parts[index];
        var channel = notice.Channel.ToString();
        var events = new List<LedgerEvent>();
        void Decide(LedgerCommand command)
        {
            var outcome = MerchantLedgerDecider.Decide(State.Ledger, command, _options.Ledger);
            foreach (var e in outcome.Events)
            {
                State.Ledger.Apply(e);
                events.Add(e);
            }
        }

        void MarkSent(string? traceId)
        {
            if (State.Ledger.FindPayout(payoutId)!.Status is PayoutStatus.Instructed or PayoutStatus.Queued)
            {
                Decide(new RecordPayoutSentCommand(MerchantId, payoutId, channel, traceId ?? notice.PayoutId, notice.AtLocal));
            }
        }

        if (part.IsFinished)
        {
            return;
        }

        part = part with { Accepted = true, TraceId = notice.TraceId ?? part.TraceId };
        switch (notice.Outcome)
        {
            case PayoutOutcome.Queued:
                part = part with { Status = PayoutPartStatus.Queued, Reason = notice.Reason };
                if (payout.Status == PayoutStatus.Instructed)
                {
                    Decide(new RecordPayoutQueuedCommand(MerchantId, payoutId, channel, notice.Reason, notice.AtLocal));
                }

                break;
            case PayoutOutcome.Sent:
                part = part with { Status = PayoutPartStatus.Sent, SentAtLocal = part.SentAtLocal ?? notice.AtLocal, ValueDate = notice.ValueDate ?? part.ValueDate };
                MarkSent(notice.TraceId);
                break;
            case PayoutOutcome.Credited:
                MarkSent(notice.TraceId);
                part = part with
                {
                    Status = PayoutPartStatus.Credited,
                    SentAtLocal = part.SentAtLocal ?? notice.AtLocal,
                    CreditedAtLocal = notice.AtLocal,
                    ValueDate = notice.ValueDate ?? part.ValueDate,
                };
                State.ReturnBackoff = null;
                break;
            case PayoutOutcome.Returned:
                if (payout.Status == PayoutStatus.Instructed && payout.Channel is null)
                {
                    // Refused at once: the rail did hold it, so the ledger's view names the rail the money went through.
                    Decide(new RecordPayoutQueuedCommand(MerchantId, payoutId, channel, $"handed to {channel}", notice.AtLocal));
                }

                part = part with { Status = PayoutPartStatus.Returned, Reason = notice.Reason };
                var before = events.Count;
                Decide(new RecordPayoutPartReturnedCommand(MerchantId, payoutId, part.PartId, part.AmountMinor, notice.Reason, notice.AtLocal));
                if (events.Count > before)
                {
                    if (ReturnBackoff.IsAccountLevel(notice.Reason, _options.AccountLevelReturnReasons))
                    {
                        State.ReturnBackoff = ReturnBackoff.After(
                            State.ReturnBackoff, notice.Reason, DateOnly.FromDateTime(notice.AtLocal), _calendars.Current, _options.ReturnBackoffMaxWorkingDays);
                    }

                    State.PendAlert(PartReturnedAlert(payout, part, notice));
                }

                break;
        }

        parts[index] = part;
        if (parts.All(p => p.IsFinished))
        {
            // Every part has its answer: paid if any part was credited (the returned ones gave their amount back),
            // returned if none was.
            if (parts.Any(p => p.Status == PayoutPartStatus.Credited))
            {
                MarkSent(parts.FirstOrDefault(p => p.TraceId is not null)?.TraceId);
                Decide(new RecordPayoutCreditedCommand(MerchantId, payoutId, notice.AtLocal));
            }
            else
            {
                Decide(new RecordPayoutReturnedCommand(MerchantId, payoutId, notice.Reason, notice.AtLocal));
            }
        }

        var credited = parts.Where(p => p.CreditedAtLocal is not null).ToList();
        State.Payouts[payoutId] = tracking with
        {
            Parts = parts,
            Accepted = parts.All(p => p.Accepted),
            Channel = tracking.Channel ?? notice.Channel,
            TraceId = tracking.TraceId ?? notice.TraceId,
            SentAtLocal = tracking.SentAtLocal ?? parts.Min(p => p.SentAtLocal),
            CreditedAtLocal = parts.All(p => p.IsFinished) && credited.Count > 0 ? credited.Max(p => p.CreditedAtLocal) : null,
            ValueDate = credited.Count > 0 ? credited.Max(p => p.ValueDate) : tracking.ValueDate,
            ReturnedAtLocal = parts.All(p => p.Status == PayoutPartStatus.Returned) ? notice.AtLocal : null,
            NextOpeningLocal = null,
        };
        await WriteStateAsync([.. events.Select(MerchantJournal.ToRecord)]);
        await RaisePendingAlertsAsync();
    }

    private AlertRecord PartReturnedAlert(LedgerPayout payout, PayoutPartTracking part, PayoutNotice notice) => new(
        MerchantAlertKinds.PayoutReturned,
        MerchantId,
        $"merchant {MerchantId}, payout {payout.PayoutId}",
        $"merchant {MerchantId} ({State.Merchant.Name}): part {part.PartId} of {MoneyText.Cny(part.AmountMinor)} of payout {payout.PayoutId} "
            + $"was returned by the bank via {notice.Channel}: {notice.Reason}. Just that amount is back in the balance. {WhatNextAfterReturn()}",
        notice.AtLocal,
        $"{MerchantAlertKinds.PayoutReturned}:{part.PartId}");
}
