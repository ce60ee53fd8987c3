using System.Globalization;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grpc;
using static AcquirerEngine.Server.Services.StatusMapping;

namespace AcquirerEngine.Server.Services;

/// <summary>Holiday calendars: operators load each year's State Council notice when it is published.</summary>
public sealed partial class OperatorService
{
    public async Task<LoadHolidayCalendarResponse> LoadHolidayCalendarAsync(LoadHolidayCalendarRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var year = new HolidayCalendarYear
        {
            Year = (int)request.Year,
            Holidays = ParseDates(request.Holidays, "holidays"),
            MakeUpWorkingDays = ParseDates(request.MakeUpWorkingDays, "make_up_working_days"),
            SourceNote = request.Source ?? "",
        };
        var result = await CallGrainAsync(() => Calendar().LoadYearAsync(year));
        if (result.Result == CalendarLoadResult.Rejected || result.StoredYear is null)
        {
            var issues = string.Join("; ", result.Issues.Select(issue => issue.Date is { } date ? $"{issue.Problem} {LocalTimeText.Format(date)}" : issue.Problem.ToString()));
            throw new RpcException(StatusCode.InvalidArgument, $"the calendar for year {request.Year} was refused: {issues}");
        }

        return new LoadHolidayCalendarResponse { Version = (uint)result.StoredYear.Version };
    }

    public async Task<GetCalendarResponse> GetCalendarAsync(GetCalendarRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var year = await CallGrainAsync(() => Calendar().GetYearAsync((int)request.Year))
            ?? throw new RpcException(StatusCode.NotFound, $"year {request.Year} is not loaded; value dates in it are provisional");
        var response = new GetCalendarResponse { Year = (uint)year.Year, Version = (uint)year.Version, Source = year.SourceNote };
        response.Holidays.AddRange(year.Holidays.Select(LocalTimeText.Format));
        response.MakeUpWorkingDays.AddRange(year.MakeUpWorkingDays.Select(LocalTimeText.Format));
        return response;
    }

    private static DateOnly[] ParseDates(IEnumerable<string> values, string field) =>
    [
        .. values.Select((value, index) => DateOnly.TryParseExact(value, LocalTimeText.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new RpcException(StatusCode.InvalidArgument, $"{field}[{index}] must be a date like 2027-01-01, not '{value}'")),
    ];

    private ICalendarGrain Calendar() => grains.GetGrain<ICalendarGrain>(CalendarGrain.ChinaMainlandKey);
}
