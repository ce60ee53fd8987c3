using Google.Protobuf;

namespace AcquirerEngine.Cli;

/// <summary><see cref="ICliOutput"/> over two writers (stdout and stderr in the real process).</summary>
public sealed class CliOutput : ICliOutput
{
    // Default values are printed too: "created": false is an answer, not a missing field.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly bool _json;

    public CliOutput(TextWriter output, TextWriter error, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        _output = output;
        _error = error;
        _json = json;
    }

    public void WriteResult(IMessage message, string humanText)
    {
        ArgumentNullException.ThrowIfNull(message);
        // One JSON object per line, so a stream (batch list) is JSON Lines.
        _output.WriteLine(_json ? Formatter.Format(message) : humanText);
    }

    public void WriteNote(string text)
    {
        if (!_json)
        {
            _output.WriteLine(text);
        }
    }

    public void WriteError(string text) => _error.WriteLine(text);
}
