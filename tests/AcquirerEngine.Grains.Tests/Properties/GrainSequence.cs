using System.Globalization;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>
/// A random run: the simulated clock starts <see cref="StartOffsetMinutes"/> after 2026-09-28 00:00 (Asia/Shanghai)
/// and the <see cref="Operations"/> are applied in order. <see cref="BankProfile"/> picks how the simulated bank
/// misbehaves (see <see cref="GrainSequenceRunner.BankProfiles"/>): lost requests, lost replies after a credit,
/// returns by the beneficiary bank.
/// </summary>
public sealed record GrainSequence(int StartOffsetMinutes, int BankProfile, IReadOnlyList<GrainOperation> Operations)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"start +{StartOffsetMinutes} min, bank profile {BankProfile}, {Operations.Count} steps: [{string.Join(", ", Operations)}]");
}
