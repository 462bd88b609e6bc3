using System.Text;
using System.Text.Json;
using Kit.Schema;
using Xunit;

namespace Kit.Generators.Tests;

/// <summary>
/// Where a URI's query and fragment begin (RFC 3986 §3.4–3.5): the first '?' or '#' ends the path, a fragment may hold
/// '?' but no second '#'. The suite's uri files have no case with a '#' after a fragment or a '?' inside one.
/// </summary>
public class UriComponentTests
{
    [Theory]
    [InlineData("https://shop.example/orders/88123/done", true)]
    [InlineData("https://shop.example/p?q=1#frag", true)]
    [InlineData("https://shop.example/p#frag?not-a-query", true)]
    [InlineData("https://shop.example/p?q=1?still-query#frag", true)]
    [InlineData("https://shop.example/p?q", true)]
    [InlineData("https://shop.example/p#", true)]
    [InlineData("https://shop.example/p#one#two", false)]
    [InlineData("https://shop.example/p?q=1#one#two", false)]
    [InlineData("https://shop.example/p?q=1 2", false)]
    [InlineData("https://shop.example/p#a b", false)]
    [InlineData("https://shop.example/p?q=%2", false)]
    public void Query_and_fragment_are_found_and_checked(string uri, bool valid)
    {
        Assert.Equal(valid, Check(uri, SchemaFormats.IsUri));
        Assert.Equal(valid, Check(uri, SchemaFormats.IsUriReference));
        Assert.Equal(valid, Check(uri, SchemaFormats.IsIri));
    }

    [Theory]
    [InlineData("?q#f", true)]
    [InlineData("#f?g", true)]
    [InlineData("#f#g", false)]
    [InlineData("p/q?x#y#z", false)]
    public void Relative_references_split_the_same_way(string reference, bool valid) =>
        Assert.Equal(valid, Check(reference, SchemaFormats.IsUriReference));

    private delegate bool ReaderCheck(ref Utf8JsonReader reader);

    private static bool Check(string value, ReaderCheck check)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
        reader.Read();
        return check(ref reader);
    }
}
