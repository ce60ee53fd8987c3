using System.Globalization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// The terminal state machine's decisions. Pure: reads the state, never mutates it, never reads a clock
/// or a random source. Each method returns an outcome (result enum + reply data + the events to append);
/// applying those events with <see cref="TerminalState.Apply"/> gives the next state.
/// Order of checks, everywhere: who is asking (registration, merchant), then idempotent repeats (a repeat
/// is answered even when the session or batch has since changed, because refusing a retry is how
/// terminals end up double-charging), then session and batch, then the business rules.
/// </summary>
public static partial class TerminalDecider
{
    private static readonly IReadOnlyList<TerminalEvent> NoEvents = [];

    /// <summary>Dispatches any command; handy for generic callers and for replaying command logs.</summary>
    public static TerminalOutcome Decide(TerminalState state, TerminalCommand command, TerminalPolicy policy) =>
        command switch
        {
            RegisterTerminalCommand register => Decide(state, register),
            SignOnCommand signOn => Decide(state, signOn),
            SignOffCommand signOff => Decide(state, signOff),
            SaleCommand sale => Decide(state, sale, policy),
            VoidCommand voidCommand => Decide(state, voidCommand),
            ReverseCommand reverse => Decide(state, reverse),
            RefundCommand refund => Decide(state, refund),
            SettleBatchCommand settle => Decide(state, settle),
            UploadBatchCommand upload => Decide(state, upload),
            null => throw new ArgumentNullException(nameof(command)),
            _ => throw new InvariantViolationException($"no decision for command {command.GetType().Name}"),
        };

    public static RegisterTerminalOutcome Decide(TerminalState state, RegisterTerminalCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireIdentifiers(command.MerchantId, command.TerminalId);
        if (!state.Registered)
        {
            return new(RegisterTerminalResult.Registered, [new TerminalRegistered(command.MerchantId, command.TerminalId)]);
        }

        RequireSameTerminal(state, command);
        return state.MerchantId == command.MerchantId
            ? new(RegisterTerminalResult.AlreadyRegistered, NoEvents)
            : new(RegisterTerminalResult.RegisteredToAnotherMerchant, NoEvents);
    }

    public static SignOnOutcome Decide(TerminalState state, SignOnCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireIdentifiers(command.MerchantId, command.TerminalId);
        if (command.HostLocalTime is { } hostLocalTime)
        {
            RequireLocalTime(hostLocalTime, "sign-on host time");
        }

        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return new(SignOnResult.NotRegistered, 0, NoEvents);
            case TerminalAccess.MerchantMismatch:
                return new(SignOnResult.MerchantMismatch, 0, NoEvents);
        }

        if (state.SignedOn)
        {
            return new(SignOnResult.AlreadySignedOn, state.CurrentBatchNo, NoEvents);
        }

        return new(
            SignOnResult.SignedOn,
            state.CurrentBatchNo,
            [new TerminalSignedOn(state.MerchantId, state.TerminalId, state.SessionCount + 1, state.CurrentBatchNo, command.HostLocalTime)]);
    }

    public static SignOffOutcome Decide(TerminalState state, SignOffCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireIdentifiers(command.MerchantId, command.TerminalId);
        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return new(SignOffResult.NotRegistered, 0, NoEvents);
            case TerminalAccess.MerchantMismatch:
                return new(SignOffResult.MerchantMismatch, 0, NoEvents);
        }

        // After a batch close (0500 balanced or 0320 reconciled) the BatchClosed event has already advanced
        // CurrentBatchNo, so returning it here is "the next batch" (0820 after 0500). Sign-off itself never
        // closes a batch: unsettled money must not silently roll over.
        if (!state.SignedOn)
        {
            return new(SignOffResult.AlreadySignedOff, state.CurrentBatchNo, NoEvents);
        }

        return new(
            SignOffResult.SignedOff,
            state.CurrentBatchNo,
            [new TerminalSignedOff(state.MerchantId, state.TerminalId, state.SessionCount, state.CurrentBatchNo)]);
    }

    public static SaleOutcome Decide(TerminalState state, SaleCommand command, TerminalPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(policy);
        RequireValidSale(command);
        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return Rejected(SaleResult.NotRegistered, state);
            case TerminalAccess.MerchantMismatch:
                return Rejected(SaleResult.MerchantMismatch, state);
        }

        // R7: the identity was answered before. Same body: same answer, no second debit.
        var stored = state.FindSale(command.BatchNo, command.Stan, command.LocalDate);
        if (stored is not null)
        {
            return HasSameBody(stored, command)
                ? new(SaleResult.DuplicateSameBody, SaleReply.From(stored), state.CurrentBatchNo, NoEvents)
                : Rejected(SaleResult.ConflictDifferentBody, state);
        }

        // The identity already names a refund: a sale is necessarily a different body.
        if (state.FindRefund(command.BatchNo, command.Stan, command.LocalDate) is not null)
        {
            return Rejected(SaleResult.ConflictDifferentBody, state);
        }

        if (!state.SignedOn)
        {
            return Rejected(SaleResult.NotSignedOn, state);
        }

        if (command.BatchNo != state.CurrentBatchNo)
        {
            return Rejected(SaleResult.BatchNotOpen, state);
        }

        var rrn = RetrievalReferenceNumber.From(command.LocalTime, command.Stan);
        if (state.IsPreemptivelyReversed(command.BatchNo, command.Stan, command.LocalDate))
        {
            return Declined(state, command, rrn, SaleDeclineReason.ReversedBeforeArrival,
                "the terminal reversed this sale before it arrived");
        }

        if (command.AmountMinor > policy.PerSaleLimitMinor)
        {
            return Declined(state, command, rrn, SaleDeclineReason.OverPerSaleLimit,
                string.Create(CultureInfo.InvariantCulture, $"amount {command.AmountMinor} exceeds the per-sale limit {policy.PerSaleLimitMinor}"));
        }

        var identity = RecordIds.Sale(command.MerchantId, command.TerminalId, command.BatchNo, command.Stan, command.LocalDate);
        var approvalCode = ApprovalCode.Derive(policy.ApprovalCodeSeed, identity);
        var approved = new SaleApproved(
            command.MerchantId,
            command.TerminalId,
            command.BatchNo,
            command.Stan,
            command.LocalDate,
            command.LocalTime,
            command.AmountMinor,
            command.Currency.AlphabeticCode,
            command.CardType,
            command.CardToken,
            rrn,
            approvalCode);
        return new(
            SaleResult.Approved,
            new SaleReply(SaleDisposition.Approved, rrn, approvalCode, SaleDeclineReason.None, null),
            state.CurrentBatchNo,
            [approved]);
    }

    public static VoidOutcome Decide(TerminalState state, VoidCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireValidOriginal(command.Original);
        Invariant.Require(IsStan(command.VoidStan), $"void stan {command.VoidStan} outside 1..999999");
        Invariant.Require(command.AmountMinor > 0, $"void amount {command.AmountMinor} not positive");
        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return new(VoidResult.NotRegistered, null, null, NoEvents);
            case TerminalAccess.MerchantMismatch:
                return new(VoidResult.MerchantMismatch, null, null, NoEvents);
        }

        var original = state.FindSale(command.Original.BatchNo, command.Original.Stan, command.Original.LocalDate);
        if (original is null)
        {
            return new(VoidResult.OriginalNotFound, null, null, NoEvents);
        }

        if (original.Status == TransactionStatus.Voided)
        {
            return new(VoidResult.AlreadyVoided, original.VoidRrn, original.Status, NoEvents);
        }

        if (!state.SignedOn)
        {
            return new(VoidResult.NotSignedOn, null, original.Status, NoEvents);
        }

        // R6: after the batch closed the sale is cleared; only a refund can return the money.
        if (!state.IsInOpenBatch(original))
        {
            return new(VoidResult.NotInOpenBatch, null, original.Status, NoEvents);
        }

        if (original.Status != TransactionStatus.Approved)
        {
            return new(VoidResult.NotVoidable, null, original.Status, NoEvents);
        }

        // R6: full amount only. A wrong amount is a terminal or operator error, not a partial void.
        if (command.AmountMinor != original.AmountMinor)
        {
            return new(VoidResult.AmountMismatch, null, original.Status, NoEvents);
        }

        var voidRrn = RetrievalReferenceNumber.From(command.HostLocalTime, command.VoidStan);
        var voided = new SaleVoided(
            state.MerchantId,
            state.TerminalId,
            original.BatchNo,
            original.Stan,
            original.LocalDate,
            original.AmountMinor,
            command.VoidStan,
            voidRrn);
        return new(VoidResult.Voided, voidRrn, TransactionStatus.Voided, [voided]);
    }

    /// <summary>
    /// R8. A reversal is never refused for session reasons: the terminal sends it because it does not
    /// know whether the sale went through, and refusing it would leave a debit the terminal thinks failed.
    /// </summary>
    public static ReverseOutcome Decide(TerminalState state, ReverseCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireValidOriginal(command.Original);
        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return new(ReverseResult.NotRegistered, null, NoEvents);
            case TerminalAccess.MerchantMismatch:
                return new(ReverseResult.MerchantMismatch, null, NoEvents);
        }

        var key = command.Original;
        var original = state.FindSale(key.BatchNo, key.Stan, key.LocalDate);
        if (original is null)
        {
            if (state.FindOrphanReversal(key.BatchNo, key.Stan, key.LocalDate) is not null)
            {
                return new(ReverseResult.AlreadyRecorded, TransactionStatus.NoEffect, NoEvents);
            }

            return new(
                ReverseResult.OrphanRecorded,
                TransactionStatus.NoEffect,
                [new OrphanReversalRecorded(state.MerchantId, state.TerminalId, key.BatchNo, key.Stan, key.LocalDate)]);
        }

        switch (original.Status)
        {
            case TransactionStatus.Reversed:
                return new(ReverseResult.AlreadyReversed, TransactionStatus.Reversed, NoEvents);
            case TransactionStatus.Voided or TransactionStatus.Declined:
                return new(ReverseResult.NoFinancialEffect, original.Status, NoEvents);
            case TransactionStatus.Approved when !state.IsInOpenBatch(original):
                return new(ReverseResult.NotInOpenBatch, original.Status, NoEvents);
            case TransactionStatus.Approved:
                var reversed = new SaleReversed(
                    state.MerchantId,
                    state.TerminalId,
                    original.BatchNo,
                    original.Stan,
                    original.LocalDate,
                    original.AmountMinor);
                return new(ReverseResult.Reversed, TransactionStatus.Reversed, [reversed]);
            default:
                throw new InvariantViolationException($"sale {original.Rrn} in impossible status {original.Status}");
        }
    }

    /// <summary>R7 body: everything the terminal sent except the identity.</summary>
    private static bool HasSameBody(TerminalSale stored, SaleCommand command) =>
        stored.AmountMinor == command.AmountMinor
        && stored.Currency == command.Currency.AlphabeticCode
        && stored.CardType == command.CardType
        && stored.CardToken == command.CardToken
        && stored.LocalTime == command.LocalTime;

    private static SaleOutcome Rejected(SaleResult result, TerminalState state) =>
        new(result, null, state.CurrentBatchNo, NoEvents);

    private static SaleOutcome Declined(TerminalState state, SaleCommand command, string rrn, SaleDeclineReason reason, string reasonText)
    {
        var declined = new SaleDeclined(
            command.MerchantId,
            command.TerminalId,
            command.BatchNo,
            command.Stan,
            command.LocalDate,
            command.LocalTime,
            command.AmountMinor,
            command.Currency.AlphabeticCode,
            command.CardType,
            command.CardToken,
            rrn,
            reason,
            reasonText);
        return new(
            SaleResult.Declined,
            new SaleReply(SaleDisposition.Declined, rrn, null, reason, reasonText),
            state.CurrentBatchNo,
            [declined]);
    }

    private static TerminalAccess CheckCaller(TerminalState state, TerminalCommand command)
    {
        if (state.Registered)
        {
            RequireSameTerminal(state, command);
        }

        return TerminalAccessRule.Check(state, command.MerchantId);
    }

    /// <summary>A grain holds one terminal; a command for another TID reaching it is a routing bug.</summary>
    private static void RequireSameTerminal(TerminalState state, TerminalCommand command) =>
        Invariant.Require(
            state.TerminalId == command.TerminalId,
            $"command for terminal {command.TerminalId} reached the state of terminal {state.TerminalId}");

    private static void RequireIdentifiers(string merchantId, string terminalId) =>
        Invariant.Require(
            !string.IsNullOrEmpty(merchantId) && !string.IsNullOrEmpty(terminalId),
            "command without merchant or terminal id: it skipped validation");

    private static void RequireValidOriginal(OriginalSaleKey original)
    {
        ArgumentNullException.ThrowIfNull(original);
        RequireIdentifiers(original.MerchantId, original.TerminalId);
        Invariant.Require(IsStan(original.BatchNo), $"original batch {original.BatchNo} outside 1..999999");
        Invariant.Require(IsStan(original.Stan), $"original stan {original.Stan} outside 1..999999");
    }

    /// <summary>The host's clock must arrive as acquirer-local wall time with no kind, like terminal times.</summary>
    private static void RequireLocalTime(DateTime localTime, string what) =>
        Invariant.Require(localTime.Kind == DateTimeKind.Unspecified, $"{what} must carry no offset or kind");

    private static void RequireValidSale(SaleCommand command)
    {
        RequireIdentifiers(command.MerchantId, command.TerminalId);
        Invariant.Require(IsStan(command.BatchNo), $"batch {command.BatchNo} outside 1..999999: the command skipped validation");
        Invariant.Require(IsStan(command.Stan), $"stan {command.Stan} outside 1..999999: the command skipped validation");
        Invariant.Require(command.AmountMinor > 0, $"amount {command.AmountMinor} not positive: the command skipped validation");
        Invariant.Require(command.CardType is CardType.Debit or CardType.Credit, "card type unspecified: the command skipped validation");
        Invariant.Require(command.LocalTime.Kind == DateTimeKind.Unspecified, "local time must carry no offset or kind");
    }

    /// <summary>Batch numbers and STANs share the ISO 8583 6-digit range.</summary>
    private static bool IsStan(uint value) => value is >= 1 and <= 999_999;
}
