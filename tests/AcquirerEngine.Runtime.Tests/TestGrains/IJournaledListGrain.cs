namespace AcquirerEngine.Runtime.Tests.TestGrains;

public interface IJournaledListGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry: a change its journal record expresses fully.</summary>
    Task<int> Append(int amount, string recordId);

    /// <summary>As <see cref="Append"/>, pipelined: the turn ends once the write is queued; the reply waits for durability.</summary>
    Task<int> AppendPipelined(int amount, string recordId);

    /// <summary>A grain bug on purpose: reads its state after the pipelined write released the turn.</summary>
    Task<int> AppendPipelinedThenReadState(int amount, string recordId);

    /// <summary>Bookkeeping no record expresses: forces a full-state write.</summary>
    Task Acknowledge(int upTo);

    Task<JournaledListState> Get();
}
