using Google.Protobuf;

namespace AcquirerEngine.Cli;

/// <summary>Where actions print; decides between human text and JSON so actions never do.</summary>
public interface ICliOutput
{
    /// <summary>Prints one response: <paramref name="humanText"/> normally, the message as protobuf JSON with --json.</summary>
    void WriteResult(IMessage message, string humanText);

    /// <summary>Prints a remark for people only (e.g. a count); nothing with --json so the output stays parseable.</summary>
    void WriteNote(string text);

    /// <summary>Prints an error line to stderr.</summary>
    void WriteError(string text);
}
