using System.Globalization;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>
/// One step of a random sequence. The parameters are raw non-negative numbers that the runner reads against
/// the state it has at that moment (which terminal, which sale, which amount), so every sequence is valid and
/// removing steps while shrinking keeps it valid.
/// </summary>
public sealed record GrainOperation(GrainOperationKind Kind, int A, int B, int C)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({A},{B},{C})");
}
