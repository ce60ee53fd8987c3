using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AcquirerEngine.Grains.Bank;

/// <summary>
/// Deterministic dice for the simulated bank: a uniform number in [0, 1) from a hash of seed, purpose,
/// attempt and payout id. No hidden random state, so a restart replays the same outcomes.
/// </summary>
internal static class BankDice
{
    public static double Roll(int seed, string purpose, int attempt, string payoutId)
    {
        var input = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}|{purpose}|{attempt}|{payoutId}"));
        var hash = SHA256.HashData(input);
        var bits = BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11;
        return bits * (1.0 / (1UL << 53));
    }

    public static bool Hits(double rate, int seed, string purpose, int attempt, string payoutId) =>
        rate > 0 && Roll(seed, purpose, attempt, payoutId) < rate;
}
