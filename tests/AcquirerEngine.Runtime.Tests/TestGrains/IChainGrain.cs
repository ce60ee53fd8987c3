namespace AcquirerEngine.Runtime.Tests.TestGrains;

public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls the next key in <paramref name="rest"/> (awaiting it inside this turn) and prepends its own key.</summary>
    Task<string> Relay(string[] rest, bool throwAtEnd);
}
