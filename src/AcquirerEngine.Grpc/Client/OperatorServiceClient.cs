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
        CallAsync<OnboardMerchantRequest, OnboardMerchantResponse>(request, options);

    /// <summary>Registers a terminal of a merchant (idempotent).</summary>
    public Task<RegisterTerminalResponse> RegisterTerminalAsync(RegisterTerminalRequest request, CallOptions? options = null) =>
        CallAsync<RegisterTerminalRequest, RegisterTerminalResponse>(request, options);

    /// <summary>Freezes a merchant's settlement account: payouts stop and are returned.</summary>
    public Task<FreezeMerchantResponse> FreezeMerchantAsync(FreezeMerchantRequest request, CallOptions? options = null) =>
        CallAsync<FreezeMerchantRequest, FreezeMerchantResponse>(request, options);

    /// <summary>Lifts a freeze.</summary>
    public Task<UnfreezeMerchantResponse> UnfreezeMerchantAsync(UnfreezeMerchantRequest request, CallOptions? options = null) =>
        CallAsync<UnfreezeMerchantRequest, UnfreezeMerchantResponse>(request, options);

    /// <summary>Loads (a new version of) a year's holiday calendar.</summary>
    public Task<LoadHolidayCalendarResponse> LoadHolidayCalendarAsync(LoadHolidayCalendarRequest request, CallOptions? options = null) =>
        CallAsync<LoadHolidayCalendarRequest, LoadHolidayCalendarResponse>(request, options);

    /// <summary>Reads a year's holiday calendar.</summary>
    public Task<GetCalendarResponse> GetCalendarAsync(GetCalendarRequest request, CallOptions? options = null) =>
        CallAsync<GetCalendarRequest, GetCalendarResponse>(request, options);

    /// <summary>Schedules a maintenance window or records an outage on a payout rail.</summary>
    public Task<ScheduleMaintenanceResponse> ScheduleMaintenanceAsync(ScheduleMaintenanceRequest request, CallOptions? options = null) =>
        CallAsync<ScheduleMaintenanceRequest, ScheduleMaintenanceResponse>(request, options);

    /// <summary>Cancels a maintenance window.</summary>
    public Task<CancelMaintenanceResponse> CancelMaintenanceAsync(CancelMaintenanceRequest request, CallOptions? options = null) =>
        CallAsync<CancelMaintenanceRequest, CancelMaintenanceResponse>(request, options);

    /// <summary>Lists payout rails with their state and queues.</summary>
    public Task<ListChannelsResponse> ListChannelsAsync(ListChannelsRequest request, CallOptions? options = null) =>
        CallAsync<ListChannelsRequest, ListChannelsResponse>(request, options);

    /// <summary>Lists risk holds.</summary>
    public Task<ListHoldsResponse> ListHoldsAsync(ListHoldsRequest request, CallOptions? options = null) =>
        CallAsync<ListHoldsRequest, ListHoldsResponse>(request, options);

    /// <summary>Releases a held transaction into the next settlement cycle.</summary>
    public Task<ReleaseHoldResponse> ReleaseHoldAsync(ReleaseHoldRequest request, CallOptions? options = null) =>
        CallAsync<ReleaseHoldRequest, ReleaseHoldResponse>(request, options);

    /// <summary>Rejects a held transaction.</summary>
    public Task<RejectHoldResponse> RejectHoldAsync(RejectHoldRequest request, CallOptions? options = null) =>
        CallAsync<RejectHoldRequest, RejectHoldResponse>(request, options);

    /// <summary>Where is the money of one transaction, why, and when it arrives.</summary>
    public Task<Explanation> ExplainTransactionAsync(ExplainTransactionRequest request, CallOptions? options = null) =>
        CallAsync<ExplainTransactionRequest, Explanation>(request, options);

    /// <summary>Where is one payout, why, and when it arrives.</summary>
    public Task<Explanation> ExplainPayoutAsync(ExplainPayoutRequest request, CallOptions? options = null) =>
        CallAsync<ExplainPayoutRequest, Explanation>(request, options);

    /// <summary>A merchant's money by bucket.</summary>
    public Task<MerchantBalance> GetMerchantBalanceAsync(GetMerchantBalanceRequest request, CallOptions? options = null) =>
        CallAsync<GetMerchantBalanceRequest, MerchantBalance>(request, options);

    /// <summary>A merchant's payouts.</summary>
    public Task<ListPayoutsResponse> ListPayoutsAsync(ListPayoutsRequest request, CallOptions? options = null) =>
        CallAsync<ListPayoutsRequest, ListPayoutsResponse>(request, options);

    /// <summary>Alerts raised by the engine.</summary>
    public Task<ListAlertsResponse> ListAlertsAsync(ListAlertsRequest request, CallOptions? options = null) =>
        CallAsync<ListAlertsRequest, ListAlertsResponse>(request, options);

    /// <summary>Advances the simulated clock (simulated servers only).</summary>
    public Task<AdvanceClockResponse> AdvanceClockAsync(AdvanceClockRequest request, CallOptions? options = null) =>
        CallAsync<AdvanceClockRequest, AdvanceClockResponse>(request, options);

    private Task<TResponse> CallAsync<TRequest, TResponse>(TRequest request, CallOptions? options)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new() =>
        _client.UnaryAsync<TRequest, TResponse>(GrpcServiceDescriptors.FindMethod<TRequest, TResponse>(Service), request, WithToken(options));

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
