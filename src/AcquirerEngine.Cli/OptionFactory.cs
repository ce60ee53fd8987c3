using System.CommandLine;

namespace AcquirerEngine.Cli;

/// <summary>
/// Fresh instances of the options several commands share (an option belongs to one command), with the
/// format checks that can be made before anything is sent.
/// </summary>
public static class OptionFactory
{
    public static Option<string> MerchantId() => Required<string>("--merchant-id", "Merchant id (e.g. 898340149000001)", "id");

    public static Option<string> TerminalId() => Required<string>("--terminal-id", "Terminal id (e.g. T0000001)", "id");

    public static Option<uint> BatchNo() => Required<uint>("--batch-no", "Batch number the terminal got at sign-on", "n");

    public static Option<uint> Stan(string name = "--stan", string description = "System trace audit number, 1..999999") =>
        Required<uint>(name, description, "n");

    /// <summary>Optional date of the original; without it the engine takes the batch's newest match.</summary>
    public static Option<string?> LocalDate()
    {
        var option = new Option<string?>("--local-date")
        {
            Description = "Local date of the original, yyyy-MM-dd [default: the batch's newest match]",
            HelpName = "date",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !TerminalClock.IsLocalDate(value))
            {
                result.AddError($"--local-date '{value}' must be yyyy-MM-dd");
            }
        });
        return option;
    }

    /// <summary>The terminal's local time; the default (now in Asia/Shanghai) is applied when the request is built.</summary>
    public static Option<string?> LocalTime()
    {
        var option = new Option<string?>("--local-time")
        {
            Description = "Terminal local date-time, yyyy-MM-ddTHH:mm:ss [default: now in Asia/Shanghai]",
            HelpName = "time",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !TerminalClock.IsLocalTime(value))
            {
                result.AddError($"--local-time '{value}' must be yyyy-MM-ddTHH:mm:ss");
            }
        });
        return option;
    }

    public static Option<string> Currency() => new("--currency")
    {
        Description = "ISO 4217 alphabetic currency code",
        HelpName = "code",
        DefaultValueFactory = _ => "CNY",
    };

    public static Option<string> CardType()
    {
        var option = Required<string>("--card-type", "Card type", "debit|credit");
        option.AcceptOnlyFromAmong("debit", "credit");
        return option;
    }

    /// <summary>An option limited to the given values, with a default.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] values)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', values),
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    public static Option<string> CardToken() => Required<string>("--card-token", "Card token (a raw PAN is refused by the engine)", "token");

    private static Option<T> Required<T>(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = true,
    };
}
