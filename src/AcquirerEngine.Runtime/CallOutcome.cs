namespace AcquirerEngine.Runtime;

/// <summary>Either the call's value, or notice that it must be retried on a fresh activation.</summary>
internal readonly record struct CallOutcome<T>(bool Rerouted, T? Value);
