from tradebridge.cli import app

app(prog_name="tradebridge")
