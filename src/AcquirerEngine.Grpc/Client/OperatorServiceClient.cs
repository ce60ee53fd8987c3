using AcquirerEngine.Contracts.V1;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>
/// Typed client of <c>acquirer.v1.OperatorService</c>. Every operator call needs a bearer token, so the
/// client holds one and sends <c>authorization: Bearer &lt;token&gt;</c> on each call.
/// </summary>
public sealed class OperatorServiceClient
{
    private static readonly ServiceDescriptor Service = GrpcServiceDescriptors.OperatorService;
    private static readonly MethodDescriptor OnboardMerchantMethod =
        GrpcServiceDescriptors.FindMethod<OnboardMerchantRequest, OnboardMerchantResponse>(Service);
    private static readonly MethodDescriptor RegisterTerminalMethod =
        GrpcServiceDescriptors.FindMethod<RegisterTerminalRequest, RegisterTerminalResponse>(Service);

    private readonly GrpcClient _client;
    private readonly string _authorization;

    /// <summary>Creates the client over a shared <see cref="GrpcClient"/> (not owned) with the operator's token.</summary>
    /// <exception cref="ArgumentException">The token is empty or not a single printable-ASCII token.</exception>
    public OperatorServiceClient(GrpcClient client, string bearerToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bearerToken);
        if (bearerToken.Any(c => c is <= ' ' or > '~'))
        {
            throw new ArgumentException("The bearer token must be printable ASCII without spaces.", nameof(bearerToken));
        }

        _client = client;
        _authorization = "Bearer " + bearerToken;
    }

    /// <summary>Onboards a merchant (idempotent).</summary>
    public Task<OnboardMerchantResponse> OnboardMerchantAsync(OnboardMerchantRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<OnboardMerchantRequest, OnboardMerchantResponse>(OnboardMerchantMethod, request, WithToken(options));

    /// <summary>Registers a terminal of a merchant (idempotent).</summary>
    public Task<RegisterTerminalResponse> RegisterTerminalAsync(RegisterTerminalRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<RegisterTerminalRequest, RegisterTerminalResponse>(RegisterTerminalMethod, request, WithToken(options));

    // The caller's headers are copied, never mutated, and any authorization of theirs is replaced by ours.
    private CallOptions WithToken(CallOptions? options)
    {
        options ??= new CallOptions();
        var headers = new Metadata();
        if (options.Headers is not null)
        {
            foreach (var (key, value) in options.Headers)
            {
                if (key != "authorization")
                {
                    headers.Add(key, value);
                }
            }
        }

        headers.Add("authorization", _authorization);
        return options with { Headers = headers };
    }
}
