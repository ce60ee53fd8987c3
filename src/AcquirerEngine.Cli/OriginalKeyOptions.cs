using System.CommandLine;
using AcquirerEngine.Contracts.V1;

namespace AcquirerEngine.Cli;

/// <summary>The options naming an original sale (merchant, terminal, batch, STAN, optional local date).</summary>
public sealed class OriginalKeyOptions
{
    private readonly Option<string> _merchantId = OptionFactory.MerchantId();
    private readonly Option<string> _terminalId = OptionFactory.TerminalId();
    private readonly Option<uint> _batchNo = OptionFactory.BatchNo();
    private readonly Option<uint> _stan;
    private readonly Option<string?> _localDate = OptionFactory.LocalDate();

    /// <param name="stanName">The STAN option's name: a void has its own --stan, so the original's is --original-stan there.</param>
    public OriginalKeyOptions(string stanName, string stanDescription)
    {
        _stan = OptionFactory.Stan(stanName, stanDescription);
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(_merchantId);
        command.Add(_terminalId);
        command.Add(_batchNo);
        command.Add(_stan);
        command.Add(_localDate);
    }

    public OriginalKey Build(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new OriginalKey
        {
            MerchantId = parseResult.GetRequiredValue(_merchantId),
            TerminalId = parseResult.GetRequiredValue(_terminalId),
            BatchNo = parseResult.GetValue(_batchNo),
            Stan = parseResult.GetValue(_stan),
            LocalDate = parseResult.GetValue(_localDate) ?? string.Empty,
        };
    }
}
