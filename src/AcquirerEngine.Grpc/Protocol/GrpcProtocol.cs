using System.Globalization;

namespace AcquirerEngine.Grpc;

/// <summary>Header names and small helpers shared by the server and the client, so both speak the same spelling.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";
    public const string TeHeader = "te";
    public const string UserAgent = "grpc-dotnet-acquirerengine/1.0";

    /// <summary>The default maximum message size of gRPC implementations: 4 MiB.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>The 5-byte prefix: compressed flag and big-endian length.</summary>
    public const int HeaderSize = 5;

    /// <summary>
    /// Whether a Content-Type names the protobuf gRPC format: "application/grpc" or "application/grpc+proto",
    /// optionally followed by parameters. Other subtypes (e.g. +json) are not spoken here.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return string.Equals(mediaType, ContentType, StringComparison.OrdinalIgnoreCase)
            || string.Equals(mediaType, ContentType + "+proto", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether a Content-Type at least starts like gRPC (used to decide whether a request is ours).</summary>
    public static bool LooksLikeGrpc(string? contentType) =>
        contentType is not null && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase);

    public static string FormatStatus(StatusCode code) => ((int)code).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses grpc-status; unknown or malformed values become UNKNOWN as the spec asks.</summary>
    public static StatusCode ParseStatus(string? value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number is >= 0 and <= 16)
        {
            return (StatusCode)number;
        }

        return StatusCode.Unknown;
    }
}
