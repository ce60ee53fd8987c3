using System.Globalization;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>
/// The engine's acquirer-local time as the harness tracks it. On a simulated clock time moves only when
/// the harness advances it (so sales carry exactly the engine's time); on the system clock it is now in
/// China Standard Time and scenario events that need to move time are skipped.
/// </summary>
public sealed class EngineClock
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss";
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private static readonly CallOptions AdvanceOptions = new() { Timeout = TimeSpan.FromMinutes(5) };

    private readonly OperatorServiceClient? _operator;
    private readonly TimeProvider _time;
    private DateTime _simulatedNow;

    private EngineClock(OperatorServiceClient? @operator, DateTime simulatedNow, TimeProvider time)
    {
        _operator = @operator;
        _simulatedNow = simulatedNow;
        _time = time;
    }

    public bool IsSimulated => _operator is not null;

    public DateTime LocalNow => IsSimulated ? _simulatedNow : _time.GetUtcNow().UtcDateTime + ChinaOffset;

    public string LocalNowText => LocalNow.ToString(Format, CultureInfo.InvariantCulture);

    public static EngineClock Simulated(OperatorServiceClient @operator, string nowLocal) =>
        new(@operator, Parse(nowLocal), TimeProvider.System);

    public static EngineClock System(TimeProvider time) => new(null, default, time);

    /// <summary>
    /// Finds out which clock a running engine has: advancing a simulated clock by one second answers with its
    /// time; an engine on the system clock refuses with PERMISSION_DENIED (the operator API's answer; older
    /// builds said FAILED_PRECONDITION).
    /// </summary>
    public static async Task<EngineClock> DetectAsync(OperatorServiceClient @operator)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        try
        {
            var response = await @operator.AdvanceClockAsync(new AdvanceClockRequest { Seconds = 1 }, AdvanceOptions).ConfigureAwait(false);
            return Simulated(@operator, response.NowLocal);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.FailedPrecondition)
        {
            return System(TimeProvider.System);
        }
    }

    public static DateTime Parse(string local) =>
        DateTime.ParseExact(local, Format, CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Moves a simulated clock forward to <paramref name="local"/> (no-op when already there or past); false on the system clock.</summary>
    public async Task<bool> AdvanceToAsync(DateTime local)
    {
        if (_operator is null)
        {
            return false;
        }

        if (local <= _simulatedNow)
        {
            return true;
        }

        var response = await _operator.AdvanceClockAsync(
            new AdvanceClockRequest { ToLocalTime = local.ToString(Format, CultureInfo.InvariantCulture) }, AdvanceOptions).ConfigureAwait(false);
        _simulatedNow = Parse(response.NowLocal);
        return true;
    }

    public Task<bool> AdvanceByAsync(TimeSpan by) => AdvanceToAsync(LocalNow + by);
}
