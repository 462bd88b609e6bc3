using System.Text;
using Kit.Harness.Browser;
using Kit.Harness.Matrix;
using Kit.Harness.Runner;
using Kit.Harness.Site;
using Xunit;

namespace Kit.Harness.Tests;

/// <summary>
/// A matrix file's site section before anything runs: what loads, what is refused and how the refusal names the place
/// to fix, and how the harness fills placeholders and tells the page's errors from the SDK's.
/// </summary>
public sealed class SiteMatrixTests
{
    private static Kit.Harness.Matrix.Matrix Parse(string site, string scenarios = "\"render\", \"pay-success\"") => MatrixFile.Parse(Encoding.UTF8.GetBytes($$"""
        {
          "combine": "product",
          "axes": { "scenario": [{{scenarios}}], "locale": ["th_TH"], "environment": ["sandbox"], "displayMode": ["bankName=KASIKORNBANK"], "loading": ["cdn"], "device": ["desktop"] },
          "site": {{site}}
        }
        """), "shop.json");

    private static void Check(Kit.Harness.Matrix.Matrix matrix) =>
        CellFeasibility.Check(MatrixExpander.Expand(matrix), Kit.Simulator.Engine.BankCatalog.LoadEmbedded(), "shop.json", matrix.Site);

    [Theory]
    [InlineData("matrix.json", 26)]
    [InlineData("matrix.mistakes.json", 12)]
    public void The_example_checkouts_matrices_load_and_every_cell_can_run(string file, int atLeast)
    {
        var path = Path.Combine(Repository.Root, "examples", "coffee-shop", file);
        var matrix = MatrixFile.Load(path);
        var cells = MatrixExpander.Expand(matrix);
        Assert.True(cells.Count >= atLeast, $"{cells.Count} cells");
        Assert.NotNull(matrix.Site!.Start);
        CellFeasibility.Check(cells, Kit.Simulator.Engine.BankCatalog.LoadEmbedded(), path, matrix.Site);
    }

    [Fact]
    public void A_site_section_the_schema_refuses_is_named_by_pointer()
    {
        var error = Assert.Throws<MatrixFileException>(() => Parse("""
            { "url": "http://127.0.0.1:{port}/", "steps": { "checkout": [ { "click": { "css": "#pay" }, "value": "x" }, { "tap": { "css": "#pay" } } ], "success": { "name": "Paid" } },
              "start": { "command": "dotnet" }, "checks": { "acknowledgment": "warn", "page-reacts": "sometimes" } }
            """));
        Assert.Contains("shop.json", error.Message);
        foreach (var pointer in new[] { "/site/steps/checkout/0", "/site/steps/checkout/1", "/site/steps/success", "/site/start", "/site/checks" })
            Assert.Contains(pointer, error.Message);

        var noSteps = Assert.Throws<MatrixFileException>(() => Parse("""{ "url": "http://127.0.0.1:8080/" }"""));
        Assert.Contains("steps", noSteps.Message);
    }

    [Fact]
    public void Placeholders_that_cannot_be_filled_where_they_stand_and_unknown_roles_are_refused_before_the_run()
    {
        var matrix = Parse("""
            { "url": "http://127.0.0.1:{port}/?amount={amount}",
              "start": { "command": "dotnet", "args": ["run", "--", "--lang={language}"], "readyUrl": "http://127.0.0.1:{port}/health",
                         "environment": { "SHOP_KEY": "{merchantPrivateKeyPkcs1Pem}", "SHOP_LOCALE": "{locale}" } },
              "steps": { "checkout": [ { "click": { "role": "buton", "name": "Pay {displayModeValue}" } }, { "fill": { "label": "Email" }, "value": "{buyerEmail}" } ],
                         "success": { "text": "Thank you" } } }
            """);
        var error = Assert.Throws<MatrixFileException>(() => Check(matrix)).Message;
        Assert.Contains("/site/url: {amount} is not a placeholder", error);
        Assert.Contains("/site/start/args/2: {language} is a cell's value, but this is filled once for the run (set start.perCell", error);
        Assert.Contains("/site/start/environment/SHOP_LOCALE: {locale} is a cell's value", error);
        Assert.Contains("/site/steps/checkout/0/click/role: 'buton' is not an ARIA role", error);
        Assert.Contains("/site/steps/checkout/1/value: {buyerEmail} is not a placeholder", error);
        Assert.DoesNotContain("/site/start/environment/SHOP_KEY", error); // a run value is fine in the start command
        Assert.DoesNotContain("/site/steps/checkout/0/click/name", error); // and a cell value on the page
        Assert.Contains("/site/values/port: {port} is one of Kit's placeholders", Assert.Throws<MatrixFileException>(() => Check(Parse("""
            { "url": "http://127.0.0.1:{port}/", "values": { "port": "80" }, "steps": { "checkout": [ { "click": { "text": "Pay" } } ] } }
            """))).Message);

        // Started per cell, the cell's values can be handed to the app too; the team's own values go anywhere.
        Check(Parse("""
            { "url": "http://127.0.0.1:{port}/?amount={amount}", "values": { "amount": "125000" },
              "start": { "command": "dotnet", "args": ["run", "--", "--lang={language}"], "readyUrl": "http://127.0.0.1:{port}/health", "perCell": true },
              "steps": { "checkout": [ { "click": { "role": "button", "name": "Pay" } } ] } }
            """));
    }

    [Fact]
    public void Scenarios_that_need_Kits_demo_page_are_refused_for_a_site_with_the_ones_that_run()
    {
        var matrix = Parse("""{ "url": "http://127.0.0.1:8080/", "steps": { "checkout": [ { "click": { "text": "Pay" } } ] } }""", "\"render\", \"analytics-off\", \"bad-callback-type\"");
        var error = Assert.Throws<MatrixFileException>(() => Check(matrix)).Message;
        Assert.Contains("scenario analytics-off drives options of Kit's own demo page", error);
        Assert.Contains("scenario bad-callback-type", error);
        Assert.Contains("unmount-and-recreate", error); // what a site can run
        Assert.DoesNotContain("scenario render", error);
    }

    [Fact]
    public void A_cells_values_fill_the_page_url_in_the_forms_a_page_wants()
    {
        var cell = new MatrixCell("th_TH", Kit.Harness.Matrix.Environment.sandbox, "paymentMethodCategory=ONLINE_BANKING", Loading.Cdn, Device.Iphone13, Scenario.PaySuccess);
        var values = SiteTemplate.CellValues(cell);
        values["port"] = "5000";
        Assert.Equal("http://127.0.0.1:5000/checkout?lang=th-TH&locale=th_TH&field=paymentMethodCategory&method=ONLINE_BANKING&on=iphone-13&left={unknown}",
            SiteTemplate.Fill("http://127.0.0.1:{port}/checkout?lang={language}&locale={locale}&field={displayModeField}&method={displayModeValue}&on={device}&left={unknown}", values));
        Assert.Equal("th_TH", SiteScenarios.ExpectedLocale("th_TH"));
        Assert.Equal("in_ID", SiteScenarios.ExpectedLocale("in_ID"));
        Assert.Equal("en_US", SiteScenarios.ExpectedLocale("fr_FR")); // the guide's English fallback
    }

    [Fact]
    public void An_uncaught_error_is_the_pages_unless_it_was_thrown_inside_the_SDKs_script()
    {
        const string sdk = "Uncaught (in promise) Error: Error creating WebGL context.\n    at e (https://sdk.marmot-cloud.com/package/ams-checkout/1.47.2/dist/umd/ams-checkout.min.js:0:639455)\n    at <anonymous> (http://127.0.0.1:5000/checkout.js:10:3)";
        const string page = "TypeError: Cannot read properties of undefined (reading 'code')\n    at onError (http://127.0.0.1:5000/checkout.js:31:40)\n    at https://sdk.marmot-cloud.com/package/ams-checkout/1.47.2/dist/umd/ams-checkout.min.js:0:1000";
        const string bundled = "Error: x\n    at http://127.0.0.1:5000/assets/node_modules/@alipay/ams-checkout/esm/index.js:1:2";
        Assert.Equal(PageErrors.Sdk, PageErrors.Record(sdk).Type);
        Assert.Equal(PageErrors.Page, PageErrors.Record(page).Type);
        Assert.Equal(PageErrors.Sdk, PageErrors.Record(bundled).Type);
        Assert.Equal(PageErrors.Page, PageErrors.Record("Script error.").Type); // no stack: the page's, to be safe
        // The SDK's WebGL failure (WebGL is off in the harness's Chromium) from a merchant's bundle is still the SDK's.
        Assert.Equal(PageErrors.Sdk, PageErrors.Record("Error: Error creating WebGL context.\n    at new WebGLRenderer2 (http://127.0.0.1:5000/shop.bundle.js:14449:19)").Type);
        Assert.True(PageErrors.Record(new string('x', 5000)).Text.Length <= 501);
    }
}
