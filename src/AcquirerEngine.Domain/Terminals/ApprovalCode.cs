using System.Text;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Approval code, ISO 8583 field 38: 6 characters from [0-9A-Z]. In a real issuer this comes from the
/// issuer's authorisation; here the acquirer host stands in, so the code is a seeded FNV-1a hash of the
/// sale identity. Deterministic (a replay gives the same code) and NOT a secret: anyone who knows the
/// seed and the identity can compute it, so nothing may ever trust it as proof of authorisation.
/// </summary>
public static class ApprovalCode
{
    public const int Length = 6;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static string Derive(ulong seed, string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var hash = FnvOffsetBasis;
        for (var shift = 0; shift < 64; shift += 8)
        {
            hash = (hash ^ ((seed >> shift) & 0xFF)) * FnvPrime;
        }

        // The identity's UTF-8 bytes, on the stack when short (every approval derives one; ids are about 60 bytes).
        var byteCount = Encoding.UTF8.GetByteCount(identity);
        Span<byte> bytes = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(identity, bytes);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            code[i] = Alphabet[(int)(hash % (ulong)Alphabet.Length)];
            hash /= (ulong)Alphabet.Length;
        }

        return new string(code);
    }
}
