using System.CommandLine;
using System.CommandLine.Parsing;

namespace AcquirerEngine.Cli;

/// <summary>
/// The amount of a sale or void: --amount in yuan (exactly converted to fen) or --amount-minor in
/// minor units; exactly one of them.
/// </summary>
public sealed class AmountOptions
{
    private readonly Option<string>? _currency;

    /// <param name="currency">The command's currency option; --amount is then only accepted with CNY.</param>
    public AmountOptions(Option<string>? currency = null)
    {
        _currency = currency;
        Amount = new Option<long?>("--amount")
        {
            Description = "Amount in CNY yuan, at most 2 decimals (123.45 is 12345 fen)",
            HelpName = "yuan",
            CustomParser = ParseYuan,
        };
        AmountMinor = new Option<long?>("--amount-minor")
        {
            Description = "Amount in minor units (fen for CNY)",
            HelpName = "n",
        };
    }

    public Option<long?> Amount { get; }

    public Option<long?> AmountMinor { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Amount);
        command.Add(AmountMinor);
        command.Validators.Add(Validate);
    }

    /// <summary>The amount in minor units (after validation exactly one option is present).</summary>
    public long GetMinor(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetValue(Amount) ?? parseResult.GetValue(AmountMinor)
            ?? throw new InvalidOperationException("the amount validator let a command without an amount through");
    }

    private static long? ParseYuan(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (CnyAmount.TryParseMinor(text, out var minor, out var error))
        {
            return minor;
        }

        result.AddError("--amount: " + error);
        return null;
    }

    private void Validate(CommandResult command)
    {
        var yuan = command.GetResult(Amount);
        var minor = command.GetResult(AmountMinor);
        if (yuan is null && minor is null)
        {
            command.AddError("an amount is required: --amount (yuan, e.g. 123.45) or --amount-minor (fen)");
        }
        else if (yuan is not null && minor is not null)
        {
            command.AddError("give either --amount or --amount-minor, not both");
        }
        else if (yuan is not null && _currency is not null && command.GetValue(_currency) is { } currency && currency != "CNY")
        {
            command.AddError($"--amount is in CNY yuan; for {currency} use --amount-minor");
        }
    }
}
