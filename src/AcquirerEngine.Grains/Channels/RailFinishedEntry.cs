using System.Text.Json.Serialization;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The payload of a credited or returned rail record: the original <c>instruction</c> and <c>result</c>, plus
/// (added later, so readers of the original shape read it too) what the rail recorded (finished entry, notices queued, whether it left the queue or the in-transit list).
/// </summary>
public sealed record RailFinishedEntry(
    [property: JsonPropertyName("instruction")] PayoutInstruction Instruction,
    [property: JsonPropertyName("result")] BankCreditResult Result,
    FinishedPayout? Finished,
    IReadOnlyList<PayoutNotice>? Notices,
    bool FromQueue);
