namespace AcquirerEngine.Runtime.Tests.TestGrains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimer(string label, TimeSpan dueTime, TimeSpan period);

    Task StopTimer(string label);

    Task WaitFor(Task gate);

    Task Deactivate();
}
