using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Server.Security;
using Microsoft.Extensions.Logging;
using static AcquirerEngine.Server.Services.StatusMapping;

namespace AcquirerEngine.Server.Services;

/// <summary>acquirer.v1.OperatorService: onboarding merchants and terminals. Every call needs the operator token.</summary>
public sealed partial class OperatorService(
    IGrainFactory grains,
    TerminalRequestValidator validator,
    OperatorToken token,
    ILogger<OperatorService> logger)
{
    public async Task<OnboardMerchantResponse> OnboardMerchantAsync(OnboardMerchantRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var validated = MerchantRequestValidator.ValidateOnboarding(request.MerchantId, request.Name);
        var command = validated.IsValid ? validated.Value : throw InvalidArgument(validated.Errors);
        var outcome = await CallGrainAsync(() => grains.GetGrain<IMerchantGrain>(command.MerchantId).OnboardAsync(command.Name));
        return new OnboardMerchantResponse { Created = outcome == OnboardOutcome.Created };
    }

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
