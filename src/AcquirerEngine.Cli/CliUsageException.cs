namespace AcquirerEngine.Cli;

/// <summary>A mistake in the command line found after parsing (e.g. no operator token); nothing was sent.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
