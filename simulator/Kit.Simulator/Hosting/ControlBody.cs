using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Simulator.Hosting;

/// <summary>A /kit request the simulator cannot act on: the status to answer and a sentence that says what to send.</summary>
public sealed class ControlRequestException(int status, string message) : Exception(message)
{
    public int Status => status;
}

/// <summary>
/// The JSON body of a control call: an object (or nothing at all), whose members are read with their expected types;
/// anything else is a <see cref="ControlRequestException"/> naming the member and showing the body to send.
/// </summary>
public sealed class ControlBody
{
    private readonly JsonObject _body;
    private readonly string _example;

    private ControlBody(JsonObject body, string example)
    {
        _body = body;
        _example = example;
    }

    /// <param name="example">The body this call takes, shown in every message, e.g. <c>{"seconds": 120}</c>.</param>
    public static ControlBody Parse(byte[] body, string example)
    {
        if (body.Length == 0 || body.AsSpan().Trim(" \t\r\n"u8).IsEmpty) return new ControlBody([], example);
        JsonNode? node;
        try { node = JsonNode.Parse(body); }
        catch (JsonException e) { throw new ControlRequestException(400, $"the body is not JSON ({e.Message.Split(" Path:")[0]}); send {example}"); }
        return node is JsonObject o ? new ControlBody(o, example) : throw new ControlRequestException(400, $"the body must be a JSON object; send {example}");
    }

    /// <summary>A string member, or null when it is absent or null.</summary>
    public string? String(string name) => _body[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new ControlRequestException(400, $"{name} must be a string, but is {other.ToJsonString()}; send {_example}"),
    };

    /// <summary>A required true or false.</summary>
    public bool Boolean(string name) => _body[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        null => throw new ControlRequestException(400, $"{name} is missing; send {_example}"),
        var other => throw new ControlRequestException(400, $"{name} must be true or false, but is {other.ToJsonString()}; send {_example}"),
    };

    /// <summary>A number member within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Number(string name, double min, double max)
    {
        var value = _body[name] switch
        {
            null => throw new ControlRequestException(400, $"{name} is missing; send {_example}"),
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            var other => throw new ControlRequestException(400, $"{name} must be a number, but is {other.ToJsonString()}; send {_example}"),
        };
        if (!double.IsFinite(value) || value < min || value > max)
            throw new ControlRequestException(400, $"{name} must be from {min:0.###} to {max:0.###}, but is {value:0.###}; send {_example}");
        return value;
    }

    /// <summary>An optional whole number within [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public int? OptionalWhole(string name, int min, int max)
    {
        if (_body[name] is null) return null;
        var value = Number(name, min, max);
        return value == Math.Floor(value) ? (int)value : throw new ControlRequestException(400, $"{name} must be a whole number, but is {value}; send {_example}");
    }
}
