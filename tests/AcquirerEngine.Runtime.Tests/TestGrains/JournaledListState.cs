namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class JournaledListState
{
    public List<int> Entries { get; set; } = [];

    public List<string> RecordIds { get; set; } = [];

    public int Acknowledged { get; set; }
}
