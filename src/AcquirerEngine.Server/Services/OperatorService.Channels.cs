using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grpc;
using static AcquirerEngine.Server.Services.StatusMapping;

namespace AcquirerEngine.Server.Services;

/// <summary>Payout rails and alerts: maintenance windows, rail states and queues, the alert history.</summary>
public sealed partial class OperatorService
{
    public async Task<ScheduleMaintenanceResponse> ScheduleMaintenanceAsync(ScheduleMaintenanceRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var channel = ChannelProtoMapping.ToDomain(request.Channel)
            ?? throw new RpcException(StatusCode.InvalidArgument, "channel must be HVPS, BEPS, IBPS or SAME_BANK");
        if (!LocalTimeText.TryParseDateTime(request.Start, out var start))
        {
            throw new RpcException(StatusCode.InvalidArgument, "start must be a local date-time like 2026-11-22T02:00:00");
        }

        if (!LocalTimeText.TryParseDateTime(request.End, out var end) || end <= start)
        {
            throw new RpcException(StatusCode.InvalidArgument, "end must be a local date-time after start");
        }

        // The same window announced twice is one window: its id is derived from what it is.
        var window = new MaintenanceWindow
        {
            Id = $"{channel}-{start:yyyyMMdd'T'HHmm}-{end:yyyyMMdd'T'HHmm}",
            Channel = channel,
            Start = start,
            End = end,
            Reason = string.IsNullOrWhiteSpace(request.Reason) ? "bank maintenance" : request.Reason.Trim(),
            Kind = request.Scheduled ? MaintenanceKind.Scheduled : MaintenanceKind.Unscheduled,
        };
        var outcome = await CallGrainAsync(() => Rail(channel).ScheduleMaintenanceAsync(window));
        return outcome switch
        {
            MaintenanceOutcome.Scheduled or MaintenanceOutcome.Updated or MaintenanceOutcome.AlreadyScheduled =>
                new ScheduleMaintenanceResponse { WindowId = window.Id },
            MaintenanceOutcome.TooMany => throw new RpcException(StatusCode.ResourceExhausted, $"{channel} has as many maintenance windows as it keeps; cancel one first"),
            _ => throw new RpcException(StatusCode.InvalidArgument, $"the window was refused ({outcome})"),
        };
    }

    public async Task<CancelMaintenanceResponse> CancelMaintenanceAsync(CancelMaintenanceRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var channel = ChannelProtoMapping.ToDomain(request.Channel)
            ?? throw new RpcException(StatusCode.InvalidArgument, "channel must be HVPS, BEPS, IBPS or SAME_BANK");
        if (string.IsNullOrWhiteSpace(request.WindowId))
        {
            throw new RpcException(StatusCode.InvalidArgument, "window_id is required");
        }

        var outcome = await CallGrainAsync(() => Rail(channel).CancelMaintenanceAsync(request.WindowId));
        return outcome == MaintenanceOutcome.Cancelled
            ? new CancelMaintenanceResponse()
            : throw new RpcException(StatusCode.NotFound, $"window_id {request.WindowId} is not scheduled on {channel}");
    }

    public async Task<ListChannelsResponse> ListChannelsAsync(ListChannelsRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var response = new ListChannelsResponse();
        foreach (var channel in Enum.GetValues<ChannelKind>())
        {
            var status = await CallGrainAsync(() => Rail(channel).GetStatusAsync());
            response.Channels.Add(new Contracts.V1.ChannelStatus
            {
                Channel = ChannelProtoMapping.ToWire(status.Channel),
                State = ChannelProtoMapping.ToWire(status.State),
                Reason = status.Reason,
                NextOpening = LocalTimeText.Format(status.NextOpeningLocal),
                QueueDepth = (uint)status.QueueDepth,
                OldestQueuedAgeSeconds = (long)(status.OldestQueuedAge?.TotalSeconds ?? 0),
                AwaitingConfirmation = (uint)status.AwaitingConfirmationCount,
            });
        }

        return response;
    }

    public async Task<ListAlertsResponse> ListAlertsAsync(ListAlertsRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var alerts = await CallGrainAsync(() => grains.GetGrain<IAlertGrain>(AlertGrain.EngineKey).ListAsync());
        var response = new ListAlertsResponse();
        response.Alerts.AddRange(alerts.Select(alert => new Alert
        {
            Kind = alert.Kind,
            MerchantId = alert.MerchantId ?? "",
            Subject = alert.Subject,
            Message = alert.Message,
            RaisedAt = LocalTimeText.Format(alert.RaisedAtLocal),
        }));
        return response;
    }

    private IBankChannelGrain Rail(ChannelKind channel) => grains.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(channel));
}
