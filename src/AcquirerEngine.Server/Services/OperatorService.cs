using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Server.Hosting;
using AcquirerEngine.Server.Security;
using Microsoft.Extensions.Logging;
using static AcquirerEngine.Server.Services.StatusMapping;

namespace AcquirerEngine.Server.Services;

/// <summary>acquirer.v1.OperatorService: onboarding merchants and terminals. Every call needs the operator token.</summary>
public sealed partial class OperatorService(
    IGrainFactory grains,
    TerminalRequestValidator validator,
    OperatorToken token,
    AcquirerClock clock,
    ILogger<OperatorService> logger)
{
    public async Task<RegisterTerminalResponse> RegisterTerminalAsync(RegisterTerminalRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var validated = validator.ValidateRegistration(new TerminalSessionInput(request.MerchantId, request.TerminalId));
        var command = validated.IsValid ? validated.Value : throw InvalidArgument(validated.Errors);
        var merchant = grains.GetGrain<IMerchantGrain>(command.MerchantId);
        if (await CallGrainAsync(merchant.GetAsync) is null)
        {
            throw MerchantNotFound(command.MerchantId);
        }

        // The terminal's own grain decides ownership; the merchant's list follows it and a repeated
        // registration re-adds a missing entry, so retrying after a failure between the two converges.
        var outcome = await CallGrainAsync(() => grains.GetGrain<ITerminalGrain>(command.TerminalId).RegisterAsync(command));
        if (outcome.Result == RegisterTerminalResult.RegisteredToAnotherMerchant)
        {
            throw new RpcException(StatusCode.AlreadyExists, $"terminal_id {command.TerminalId} is registered to another merchant");
        }

        await CallGrainAsync(() => merchant.AddTerminalAsync(command.TerminalId));
        return new RegisterTerminalResponse { Created = outcome.Result == RegisterTerminalResult.Registered };
    }

    /// <summary>Moves the simulated clock; every timer and reminder due on the way fires once, in order.</summary>
    public async Task<AdvanceClockResponse> AdvanceClockAsync(AdvanceClockRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var simulated = clock.Simulated
            ?? throw new RpcException(StatusCode.PermissionDenied, "the clock is real; AdvanceClock needs the server started with Clock:Mode=simulated");
        DateTimeOffset target;
        if (!string.IsNullOrEmpty(request.ToLocalTime))
        {
            if (!DateTime.TryParseExact(request.ToLocalTime, "yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
            {
                throw new RpcException(StatusCode.InvalidArgument, "to_local_time must be a local date-time like 2026-10-08T09:00:00");
            }

            target = clock.FromLocal(local);
        }
        else if (request.Seconds > 0)
        {
            target = simulated.GetUtcNow().AddSeconds(request.Seconds);
        }
        else
        {
            throw new RpcException(StatusCode.InvalidArgument, "seconds must be positive, or to_local_time given");
        }

        if (target < simulated.GetUtcNow())
        {
            throw new RpcException(StatusCode.InvalidArgument, "to_local_time is in the past: the clock never goes back");
        }

        // Work already started (a money fact forwarded to its merchant after the sale's reply) finishes at the time
        // it started, before any timer on the way fires: a sale replied to before the 23:00 cut-off is the ledger's too.
        await simulated.WaitForQuiescenceAsync(context.CancellationToken);
        await simulated.AdvanceToAsync(target, context.CancellationToken);
        return new AdvanceClockResponse { NowLocal = clock.LocalNow().ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) };
    }

    private void Authenticate(ServerCallContext context)
    {
        if (token.Accepts(context.RequestHeaders.GetValue("authorization")))
        {
            return;
        }

        LogRefused(logger, context.Method, context.Peer);
        throw new RpcException(StatusCode.Unauthenticated, "a valid operator bearer token is required");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused operator call {Method} from {Peer}: missing or wrong bearer token")]
    private static partial void LogRefused(ILogger logger, string method, string peer);
}
