namespace Kit.Harness.Cli;

/// <summary>Command-line options: --name value pairs from a known set, and positional arguments.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = [];

    public List<string> Positional { get; } = [];

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public static Options Parse(string[] args, IReadOnlyCollection<string> known)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) { options.Positional.Add(arg); continue; }
            var eq = arg.IndexOf('=');
            var (name, inline) = eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            if (!known.Contains(name)) throw new UsageException($"unknown option {name}; known here: {string.Join(", ", known)}");
            var value = inline ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"{name} needs a value"));
            options._values[name] = value;
        }
        return options;
    }
}
