namespace AcquirerEngine.Runtime;

/// <summary>One registered grain class: its persisted type name, the interface callers use, and how to build it.</summary>
internal sealed record GrainRegistration(string GrainTypeName, Type InterfaceType, Type GrainClass, Func<Grain> Factory);
