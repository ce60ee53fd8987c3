using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>A query's answer, present only when <see cref="Access"/> is granted.</summary>
public sealed record TerminalQueryResult<T>(TerminalAccess Access, T? Value);
