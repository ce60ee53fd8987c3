using System.Text.Json;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The journal records of a payout rail. Ids are keyed by payout id alone ("rail-...:{payoutId}"), so the
/// store refuses the same payout on two rails or twice on one, whatever the rail's bounded memory holds.
/// </summary>
public static class RailJournal
{
    public const string QueuedKind = "RailPayoutQueued";

    public const string SendingKind = "RailPayoutSending";

    public const string CreditedKind = "RailPayoutCredited";

    public const string ReturnedKind = "RailPayoutReturned";

    public static string QueuedId(string payoutId) => $"rail-queued:{payoutId}";

    public static string SendingId(string payoutId) => $"rail-sending:{payoutId}";

    public static string CreditedId(string payoutId) => $"rail-credited:{payoutId}";

    public static string ReturnedId(string payoutId) => $"rail-returned:{payoutId}";

    public static JournalRecord Queued(PayoutInstruction instruction) =>
        new(QueuedId(instruction.PayoutId), QueuedKind, JsonSerializer.SerializeToUtf8Bytes(instruction));

    public static JournalRecord Sending(PayoutInstruction instruction) =>
        new(SendingId(instruction.PayoutId), SendingKind, JsonSerializer.SerializeToUtf8Bytes(instruction));

    public static JournalRecord Finished(PayoutInstruction instruction, BankCreditResult result)
    {
        var credited = result.Outcome == BankCreditOutcome.Credited;
        return new JournalRecord(
            credited ? CreditedId(instruction.PayoutId) : ReturnedId(instruction.PayoutId),
            credited ? CreditedKind : ReturnedKind,
            JsonSerializer.SerializeToUtf8Bytes(new { instruction, result }));
    }
}
