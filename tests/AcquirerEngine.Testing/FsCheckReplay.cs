using System.Globalization;

namespace AcquirerEngine.Testing;

/// <summary>
/// The seed of a property test: the default, or the "seed,gamma" pair an earlier run printed and the engineer put in
/// the test's environment variable to replay that run exactly.
/// </summary>
public static class FsCheckReplay
{
    public static (ulong Seed, ulong Gamma) Read(string variable, ulong defaultSeed, ulong defaultGamma)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (defaultSeed, defaultGamma);
        }

        var parts = text.Split(',');
        if (parts.Length != 2
            || !ulong.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            || !ulong.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var gamma))
        {
            throw new ArgumentException($"{variable} must be \"seed,gamma\" as a run printed it, not \"{text}\".", nameof(variable));
        }

        return (seed, gamma);
    }
}
