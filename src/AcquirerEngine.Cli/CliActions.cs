using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using Grpc.Health.V1;

namespace AcquirerEngine.Cli;

/// <summary>
/// What each command does once its request is built: one call, one printed result, one exit code.
/// Knows nothing of the command line, so it is tested with a fake gateway and a captured output.
/// </summary>
public sealed class CliActions
{
    private readonly IAcquirerGateway _gateway;
    private readonly ICliOutput _output;
    private readonly TimeSpan _timeout;

    public CliActions(IAcquirerGateway gateway, ICliOutput output, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(output);
        _gateway = gateway;
        _output = output;
        _timeout = timeout;
    }

    public Task<int> HealthAsync(HealthCheckRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.CheckHealthAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.Health(response));
            // A probe that answers but is not serving must fail a script's health check.
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving ? ExitCodes.Success : ExitCodes.Unavailable;
        });

    public Task<int> OnboardMerchantAsync(OnboardMerchantRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.OnboardMerchantAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.Onboard(request, response));
            return ExitCodes.Success;
        });

    public Task<int> RegisterTerminalAsync(RegisterTerminalRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.RegisterTerminalAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.Register(request, response));
            return ExitCodes.Success;
        });

    public Task<int> SignOnAsync(SignOnRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.SignOnAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.SignOn(response));
            return ExitCodes.Success;
        });

    public Task<int> SignOffAsync(SignOffRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.SignOffAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.SignOff(response));
            return ExitCodes.Success;
        });

    /// <summary>A decline is a successful call (exit 0): the business answer is in the output, as on a terminal.</summary>
    public Task<int> SaleAsync(SaleRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.SaleAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.Sale(response));
            return ExitCodes.Success;
        });

    public Task<int> VoidAsync(VoidRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.VoidAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.Void(response));
            return ExitCodes.Success;
        });

    public Task<int> ReverseAsync(ReverseRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.ReverseAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.Reverse(response));
            return ExitCodes.Success;
        });

    public Task<int> GetTransactionAsync(GetTransactionRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var response = await _gateway.GetTransactionAsync(request, Options(cancellationToken));
            _output.WriteResult(response, ResponseText.Transaction(response));
            return ExitCodes.Success;
        });

    /// <summary>Prints each transaction as it arrives; an error mid-stream still exits non-zero after what was printed.</summary>
    public Task<int> ListBatchAsync(ListBatchTransactionsRequest request, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var count = 0;
            await foreach (var transaction in _gateway.ListBatchTransactionsAsync(request, Options(cancellationToken)))
            {
                _output.WriteResult(transaction, ResponseText.Transaction(transaction));
                count++;
            }

            _output.WriteNote(count == 1 ? "1 transaction" : $"{count} transactions");
            return ExitCodes.Success;
        });

    private CallOptions Options(CancellationToken cancellationToken) =>
        new() { Timeout = _timeout, CancellationToken = cancellationToken };

    private async Task<int> GuardAsync(Func<Task<int>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex)
        {
            _output.WriteError($"error: {StatusNames.Of(ex.StatusCode)}: {ex.Detail}");
            return ExitCodes.ForStatus(ex.StatusCode);
        }
        catch (CliUsageException ex)
        {
            _output.WriteError($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
