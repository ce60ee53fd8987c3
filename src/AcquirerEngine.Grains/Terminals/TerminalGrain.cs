using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Terminals;

public sealed class TerminalGrain : Grain<TerminalState>, ITerminalGrain
{
    public const string GrainTypeName = "terminal";

    private readonly TerminalPolicy _policy;

    public TerminalGrain(TerminalPolicy policy)
    {
        _policy = policy;
    }

    public Task<RegisterTerminalOutcome> RegisterAsync(RegisterTerminalCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<SignOnOutcome> SignOnAsync(SignOnCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<SignOffOutcome> SignOffAsync(SignOffCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<SaleOutcome> SaleAsync(SaleCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command, _policy));

    public Task<VoidOutcome> VoidAsync(VoidCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<ReverseOutcome> ReverseAsync(ReverseCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<RefundOutcome> RefundAsync(RefundCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<SettleBatchOutcome> SettleBatchAsync(SettleBatchCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<UploadBatchOutcome> UploadBatchAsync(UploadBatchCommand command) =>
        CommitAsync(TerminalDecider.Decide(State, command));

    public Task<TerminalQueryResult<TransactionView?>> GetTransactionAsync(OriginalSaleKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var access = TerminalAccessRule.Check(State, key.MerchantId);
        var view = access == TerminalAccess.Granted ? TerminalQueries.FindTransaction(State, key) : null;
        return Task.FromResult(new TerminalQueryResult<TransactionView?>(access, view));
    }

    public Task<TerminalQueryResult<IReadOnlyList<TransactionView>>> ListBatchAsync(string merchantId, uint batchNo)
    {
        var access = TerminalAccessRule.Check(State, merchantId);
        var views = access == TerminalAccess.Granted ? TerminalQueries.ListBatch(State, batchNo) : [];
        return Task.FromResult(new TerminalQueryResult<IReadOnlyList<TransactionView>>(access, views));
    }

    /// <summary>
    /// Applies the decided events and makes them durable (state and journal in one write) before the
    /// caller sees the outcome. If the write fails the runtime drops this activation, so memory that
    /// already applied the events is never trusted again.
    /// </summary>
    private async Task<TOutcome> CommitAsync<TOutcome>(TOutcome outcome)
        where TOutcome : TerminalOutcome
    {
        if (!outcome.ChangesState)
        {
            return outcome;
        }

        foreach (var terminalEvent in outcome.Events)
        {
            State.Apply(terminalEvent);
        }

        await WriteStateAsync([.. outcome.Events.Select(TerminalJournal.ToRecord)]);
        return outcome;
    }
}
