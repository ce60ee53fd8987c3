namespace AcquirerEngine.Runtime.Tests.TestGrains;

public interface IJournaledListGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry: a change its journal record expresses fully.</summary>
    Task<int> Append(int amount, string recordId);

    /// <summary>Bookkeeping no record expresses: forces a full-state write.</summary>
    Task Acknowledge(int upTo);

    Task<JournaledListState> Get();
}
