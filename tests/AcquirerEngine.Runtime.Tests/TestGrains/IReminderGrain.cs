namespace AcquirerEngine.Runtime.Tests.TestGrains;

public interface IReminderGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);

    Task<bool> Has(string name);
}
