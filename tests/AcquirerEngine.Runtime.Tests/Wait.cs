namespace AcquirerEngine.Runtime.Tests;

/// <summary>Failure guards only: generous real-time bounds so a bug fails the test instead of hanging it.</summary>
internal static class Wait
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static Task<T> Bounded<T>(Task<T> task) => task.WaitAsync(Guard);

    public static Task Bounded(Task task) => task.WaitAsync(Guard);

    /// <summary>Polls a condition that another thread will make true (e.g. "the turn has entered").</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var giveUpAt = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUpAt)
            {
                throw new TimeoutException($"Gave up waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
