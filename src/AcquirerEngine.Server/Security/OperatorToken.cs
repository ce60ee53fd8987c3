using System.Security.Cryptography;
using System.Text;

namespace AcquirerEngine.Server.Security;

/// <summary>
/// The operator bearer token. Compared in constant time; never logged. When none is configured, the
/// embedded default generates one on first start, keeps it in the data directory (owner-only file)
/// and reports it once so the operator can copy it.
/// </summary>
public sealed class OperatorToken
{
    private const string FileName = "operator-token";
    private readonly byte[] _expected;

    private OperatorToken(string token)
    {
        _expected = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>True when this start generated the token (so the host prints it, once).</summary>
    public bool GeneratedNow { get; private init; }

    public string? GeneratedValue { get; private init; }

    public static OperatorToken FromConfigured(string token)
    {
        if (token.Length < 16)
        {
            throw new InvalidOperationException("AcquirerEngine:OperatorToken must be at least 16 characters.");
        }

        return new OperatorToken(token);
    }

    public static OperatorToken LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return new OperatorToken(File.ReadAllText(path).Trim());
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only from the first byte: the token is never readable by others, not even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // No byte-order mark: operators read the file with `cat` and paste it into a header or an environment variable.
        using (var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            writer.Write(token);
        }

        return new OperatorToken(token) { GeneratedNow = true, GeneratedValue = token };
    }

    /// <summary>Checks an "authorization" header value of the form "Bearer &lt;token&gt;".</summary>
    public bool Accepts(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(authorizationHeader[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
