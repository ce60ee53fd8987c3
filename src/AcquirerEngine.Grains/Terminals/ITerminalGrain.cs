using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>
/// One POS terminal (key: terminal id): its session, batch and transactions. Every command is decided
/// by the domain's <see cref="TerminalDecider"/>; its events are journaled durably before the reply.
/// </summary>
public interface ITerminalGrain : IGrainWithStringKey
{
    Task<RegisterTerminalOutcome> RegisterAsync(RegisterTerminalCommand command);

    Task<SignOnOutcome> SignOnAsync(SignOnCommand command);

    Task<SignOffOutcome> SignOffAsync(SignOffCommand command);

    Task<SaleOutcome> SaleAsync(SaleCommand command);

    Task<VoidOutcome> VoidAsync(VoidCommand command);

    Task<ReverseOutcome> ReverseAsync(ReverseCommand command);

    Task<RefundOutcome> RefundAsync(RefundCommand command);

    Task<SettleBatchOutcome> SettleBatchAsync(SettleBatchCommand command);

    Task<UploadBatchOutcome> UploadBatchAsync(UploadBatchCommand command);

    /// <summary>The transaction, or a refusal when the terminal is unknown or not the merchant's.</summary>
    Task<TerminalQueryResult<TransactionView?>> GetTransactionAsync(OriginalSaleKey key);

    Task<TerminalQueryResult<IReadOnlyList<TransactionView>>> ListBatchAsync(string merchantId, uint batchNo);

    /// <summary>Money facts journaled here and not yet acknowledged by the merchant ledger.</summary>
    Task<int> GetPendingForwardCountAsync();

    /// <summary>
    /// Forwards the money facts pending now, waiting for the merchant, and returns how many are still pending
    /// (0: the merchant's ledger has every fact this terminal journaled). A sale's reply does not wait for the
    /// merchant, so this is what tests and tools that read the merchant right after selling await.
    /// </summary>
    Task<int> ForwardPendingAsync();
}
