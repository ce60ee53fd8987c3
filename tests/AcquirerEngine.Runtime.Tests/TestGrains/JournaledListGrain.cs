using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.Tests.TestGrains;

/// <summary>A journaled grain: entries are its journal records; the acknowledged mark is bookkeeping.</summary>
public sealed class JournaledListGrain(GrainProbe probe) : JournaledGrain<JournaledListState>, IJournaledListGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated();
        return Task.CompletedTask;
    }

    public async Task<int> Append(int amount, string recordId)
    {
        Apply(State, amount, recordId);
        await AppendAsync([new JournalRecord(recordId, "entry", BitConverter.GetBytes(amount))]);
        return State.Entries.Count;
    }

    public async Task<int> AppendPipelined(int amount, string recordId)
    {
        Apply(State, amount, recordId);
        var count = State.Entries.Count;
        await AppendPipelinedAsync([new JournalRecord(recordId, "entry", BitConverter.GetBytes(amount))]);
        return count;
    }

    public async Task<int> AppendPipelinedThenReadState(int amount, string recordId)
    {
        Apply(State, amount, recordId);
        await AppendPipelinedAsync([new JournalRecord(recordId, "entry", BitConverter.GetBytes(amount))]);
        return State.Entries.Count;
    }

    public async Task Acknowledge(int upTo)
    {
        State.Acknowledged = upTo;
        await WriteStateAsync();
    }

    public Task<JournaledListState> Get() => Task.FromResult(State);

    /// <summary>Records how many entries memory held whenever it equalled the store (after reads and writes).</summary>
    protected override void OnStateSynchronized() => probe.Record($"synchronized {State.Entries.Count}");

    protected override void ApplyJournalRecord(JournaledListState state, StoredJournalRecord record) =>
        Apply(state, BitConverter.ToInt32(record.Payload), record.RecordId);

    private static void Apply(JournaledListState state, int amount, string recordId)
    {
        state.Entries.Add(amount);
        state.RecordIds.Add(recordId);
    }
}
