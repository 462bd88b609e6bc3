using System.Text;
using System.Text.RegularExpressions;
using Kit.Harness.Matrix;

namespace Kit.Harness.Site;

/// <summary>
/// The {placeholders} of a site section: a cell's axis values, and the run's values (the app's port and what it must be
/// told about the simulator). An unknown placeholder, a cell's value where only the run's can be known (the start
/// command of an app started once), or a role Playwright does not know is a matrix error when the file loads, naming
/// where it is.
/// </summary>
public static partial class SiteTemplate
{
    /// <summary>Placeholders filled from a cell.</summary>
    public static readonly IReadOnlyList<string> CellNames =
        ["locale", "language", "environment", "displayMode", "displayModeField", "displayModeValue", "device", "loading", "scenario"];

    /// <summary>Placeholders filled once for the run: the port chosen for the app and the simulator's values.</summary>
    public static readonly IReadOnlyList<string> RunNames =
        ["port", "simulatorUrl", "clientId", "merchantPrivateKeyPkcs8Pem", "merchantPrivateKeyPkcs1Pem", "merchantPrivateKeyBase64", "antomPublicKeyPem", "antomPublicKeyBase64"];

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();

    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>A cell's values: th_TH gives {language} th-TH, the browser's form of it.</summary>
    public static Dictionary<string, string> CellValues(MatrixCell cell)
    {
        var (field, value) = cell.DisplayModeParts;
        return new Dictionary<string, string>
        {
            ["locale"] = cell.Locale,
            ["language"] = Language(cell.Locale),
            ["environment"] = cell.Environment.ToWireValue(),
            ["displayMode"] = cell.DisplayMode,
            ["displayModeField"] = field,
            ["displayModeValue"] = value,
            ["device"] = cell.Device.ToWireValue(),
            ["loading"] = cell.Loading.ToWireValue(),
            ["scenario"] = cell.Scenario.ToWireValue(),
        };
    }

    /// <summary>The browser's language for a locale axis value: th_TH → th-TH.</summary>
    public static string Language(string locale) => locale.Replace('_', '-');

    /// <summary>Throws <see cref="MatrixFileException"/> naming each placeholder of the site section that cannot be filled where it stands.</summary>
    public static void Check(Kit.Harness.Matrix.Site site, string source)
    {
        var problems = new List<string>();
        var own = site.Values ?? new Dictionary<string, string>();
        foreach (var name in own.Keys.Where(n => CellNames.Contains(n) || RunNames.Contains(n)))
            problems.Add($"  /site/values/{name}: {{{name}}} is one of Kit's placeholders; give the value another name");
        void Look(string pointer, string? text, bool cellValuesKnown)
        {
            if (text is null) return;
            foreach (Match m in Placeholder().Matches(text))
            {
                var name = m.Groups[1].Value;
                if (RunNames.Contains(name) || own.ContainsKey(name) || (cellValuesKnown && CellNames.Contains(name))) continue;
                problems.Add(CellNames.Contains(name)
                    ? $"  {pointer}: {{{name}}} is a cell's value, but this is filled once for the run (set start.perCell to start the app per cell)"
                    : $"  {pointer}: {{{name}}} is not a placeholder; use one of {string.Join(", ", CellNames.Concat(RunNames).Concat(own.Keys).Select(n => "{" + n + "}"))}, or define it in /site/values");
            }
        }
        Look("/site/url", site.Url, true);
        if (site.Start is { } start)
        {
            var perCell = start.PerCell == true;
            Look("/site/start/command", start.Command, perCell);
            for (var i = 0; i < (start.Args?.Count ?? 0); i++) Look($"/site/start/args/{i}", start.Args![i], perCell);
            Look("/site/start/workingDirectory", start.WorkingDirectory, perCell);
            Look("/site/start/readyUrl", start.ReadyUrl, perCell);
            foreach (var (name, value) in start.Environment ?? new Dictionary<string, string>()) Look($"/site/start/environment/{name}", value, perCell);
        }
        var steps = site.Steps;
        void Steps(string pointer, IReadOnlyList<Step>? list)
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                var step = list![i];
                foreach (var (kind, target) in new[] { ("click", step.Click), ("fill", step.Fill), ("select", step.Select), ("waitFor", step.WaitFor) })
                    if (target is not null) Target($"{pointer}/{i}/{kind}", target);
                Look($"{pointer}/{i}/value", step.Value, true);
            }
        }
        void Target(string pointer, Target? target)
        {
            if (target is null) return;
            if (target.Role is { } role && !Placeholder().IsMatch(role) && !IsAriaRole(role))
                problems.Add($"  {pointer}/role: '{role}' is not an ARIA role; use one such as button, link, heading, textbox, combobox, checkbox, radio, listitem");
            foreach (var (name, text) in new[] { ("role", target.Role), ("name", target.Name), ("text", target.Text), ("label", target.Label), ("testId", target.TestId), ("css", target.Css) })
                Look($"{pointer}/{name}", text, true);
        }
        Steps("/site/steps/checkout", steps.Checkout);
        Steps("/site/steps/payAgain", steps.PayAgain);
        Steps("/site/steps/afterPayment", steps.AfterPayment);
        Target("/site/steps/success", steps.Success);
        Target("/site/steps/failure", steps.Failure);
        Target("/site/steps/cancel", steps.Cancel);
        Target("/site/steps/error", steps.Error);
        if (problems.Count > 0)
            throw new MatrixFileException($"{source}: the site section cannot be used as it is; fix these and run again:\n{string.Join("\n", problems)}");
    }

    /// <summary>Whether Playwright knows the role (ARIA's names, with or without hyphens, any case).</summary>
    public static bool IsAriaRole(string role) => Enum.TryParse<Microsoft.Playwright.AriaRole>(role.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out _);

    /// <summary>A target as a person reads it, for messages: role=button "Pay", text "Thank you", css #pay.</summary>
    public static string Describe(Target target)
    {
        var text = new StringBuilder();
        if (target.Role is { } role) text.Append($"role={role}").Append(target.Name is { } name ? $" \"{name}\"" : "");
        else if (target.Text is { } t) text.Append($"text \"{t}\"");
        else if (target.Label is { } label) text.Append($"label \"{label}\"");
        else if (target.TestId is { } id) text.Append($"test id {id}");
        else text.Append($"css {target.Css}");
        return text.ToString();
    }
}
