using System.Net;
using System.Net.Http.Headers;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Server.Tests.EndToEnd;

namespace AcquirerEngine.Server.Tests.Metrics;

/// <summary>
/// One engine process on the simulated clock, shared by the metrics tests: a merchant onboarded, one
/// approved sale, one sale refused for its currency, one call to a method that does not exist, every rail
/// in maintenance over the settlement run, the clock moved to 03:00 so the payout waits in a queue, and
/// the rails listed (so they are in memory). Then /metrics is read once.
/// </summary>
public sealed class MetricsScenarioFixture : IAsyncLifetime
{
    public const string MerchantId = "898340149000401";
    public const string SaleMethod = "acquirer.v1.TerminalService/Sale";

    /// <summary>Sale at 10:00 on the 17th, settled at 00:30 on the 18th, observed at 03:00: queued for 2.5 hours.</summary>
    public const double ExpectedQueueAgeSeconds = 2.5 * 3600;

    private readonly HttpClient _http = new();

    public SimulatedEngine Engine { get; private set; } = null!;

    /// <summary>The /metrics body as read after the scenario.</summary>
    public string Text { get; private set; } = string.Empty;

    public string? ContentType { get; private set; }

    public StatusCode UnknownMethodStatus { get; private set; }

    public async Task InitializeAsync()
    {
        Engine = await SimulatedEngine.StartAsync("2026-11-17T09:00:00");
        var batchNo = await Engine.Clients.OnboardAndSignOnAsync(MerchantId, SaleRequests.TerminalId);
        // A new merchant's first sale above the risk threshold (50,000.00) is approved and held for review ...
        var held = await Engine.Clients.Terminal.SaleAsync(SaleRequests.For(MerchantId, batchNo, stan: 1, amountMinor: 6_000_000, "2026-11-17T09:30:00"));
        Assert.Equal(SaleResult.Approved, held.Result);

        // ... and an ordinary one is settled at 00:30 into a payout that waits behind the rails' maintenance.
        var approved = await Engine.Clients.Terminal.SaleAsync(SaleRequests.For(MerchantId, batchNo, stan: 3, amountMinor: 500_000, "2026-11-17T10:00:00"));
        Assert.Equal(SaleResult.Approved, approved.Result);
        var refused = SaleRequests.For(MerchantId, batchNo, stan: 2, amountMinor: 100, "2026-11-17T10:01:00");
        refused.Currency = "XYZ";
        var error = await Assert.ThrowsAsync<RpcException>(() => Engine.Clients.Terminal.SaleAsync(refused));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        UnknownMethodStatus = await CallUnknownMethodAsync();

        foreach (var channel in new[] { Channel.Ibps, Channel.Beps, Channel.Hvps })
        {
            await Engine.Clients.Operator.ScheduleMaintenanceAsync(new ScheduleMaintenanceRequest
            {
                Channel = channel,
                Start = "2026-11-18T00:00:00",
                End = "2026-11-18T04:00:00",
                Reason = "core banking upgrade",
                Scheduled = true,
            });
        }

        await Engine.AdvanceToAsync("2026-11-18T03:00:00");

        // Hours of simulated idleness deactivated every grain; asking the rails brings them back into memory.
        await Engine.Clients.Operator.ListChannelsAsync(new ListChannelsRequest());

        using var response = await _http.GetAsync(Engine.MetricsAddress);
        response.EnsureSuccessStatusCode();
        ContentType = response.Content.Headers.ContentType?.ToString();
        Text = await response.Content.ReadAsStringAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Engine.DisposeAsync();
    }

    /// <summary>The value of the sample line "<paramref name="series"/> value", or null when there is none.</summary>
    public double? Sample(string series)
    {
        var prefix = series + " ";
        var line = Text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every sample of <paramref name="family"/> (exact name, any labels) as (series, value).</summary>
    public IReadOnlyList<(string Series, double Value)> Samples(string family) =>
        [.. Text.Split('\n')
            .Where(l => l.StartsWith(family + "{", StringComparison.Ordinal) || l.StartsWith(family + " ", StringComparison.Ordinal))
            .Select(l => (l[..l.LastIndexOf(' ')], double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>A bare HTTP/2 gRPC call to a path no service registers: the server answers UNIMPLEMENTED.</summary>
    private async Task<StatusCode> CallUnknownMethodAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Engine.Address, "/acquirer.v1.NoSuchService/Nothing"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(request);
        var status = response.Headers.TryGetValues("grpc-status", out var values) ? values.Single() : "missing";
        return (StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
    }
}
