namespace Kit.Harness.Matrix;

/// <summary>One combination of the axes: what the runner runs and the reports show.</summary>
/// <param name="Browser">The engine; last and defaulted because a matrix file without a browser axis means Chromium.</param>
public sealed record MatrixCell(string Locale, Environment Environment, string DisplayMode, Loading Loading, Device Device, Scenario Scenario, Engine Browser = Engine.Chromium)
{
    public static readonly IReadOnlyList<string> AxisNames = ["scenario", "locale", "environment", "displayMode", "loading", "device", "browser"];

    /// <summary>The cell's value on an axis, as the matrix file writes it.</summary>
    public string Value(string axis) => axis switch
    {
        "scenario" => Scenario.ToWireValue(),
        "locale" => Locale,
        "environment" => Environment.ToWireValue(),
        "displayMode" => DisplayMode,
        "loading" => Loading.ToWireValue(),
        "device" => Device.ToWireValue(),
        "browser" => Browser.ToWireValue(),
        _ => throw new ArgumentException($"no axis '{axis}'; the axes are {string.Join(", ", AxisNames)}", nameof(axis)),
    };

    /// <summary>A stable, readable id: every axis as name=value, in a fixed order.</summary>
    public string Id => string.Join(" ", AxisNames.Select(a => $"{a}={Value(a)}"));

    public (string Field, string Value) DisplayModeParts
    {
        get
        {
            var i = DisplayMode.IndexOf('=');
            return (DisplayMode[..i], DisplayMode[(i + 1)..]);
        }
    }

    public static MatrixCell From(Cell cell) => new(cell.Locale, cell.Environment, cell.DisplayMode, cell.Loading, cell.Device, cell.Scenario, cell.Browser ?? Engine.Chromium);

    public bool Matches(CellPattern pattern) =>
        (pattern.Locale is null || pattern.Locale == Locale) && (pattern.Environment is null || pattern.Environment == Environment)
        && (pattern.DisplayMode is null || pattern.DisplayMode == DisplayMode) && (pattern.Loading is null || pattern.Loading == Loading)
        && (pattern.Device is null || pattern.Device == Device) && (pattern.Scenario is null || pattern.Scenario == Scenario)
        && (pattern.Browser is null || pattern.Browser == Browser);

    public override string ToString() => Id;
}
