namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class ChainGrain : Grain, IChainGrain
{
    public async Task<string> Relay(string[] rest, bool throwAtEnd)
    {
        if (rest.Length == 0)
        {
            return throwAtEnd ? throw new ChainEndException(GetPrimaryKeyString()) : GetPrimaryKeyString();
        }

        var next = GrainFactory.GetGrain<IChainGrain>(rest[0]);
        var tail = await next.Relay(rest[1..], throwAtEnd);
        return $"{GetPrimaryKeyString()}>{tail}";
    }
}
