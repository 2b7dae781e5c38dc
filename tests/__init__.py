"""Test package. Proxy variables are cleared so no test can reach the network through one."""

import os

for _var in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"):
    os.environ.pop(_var, None)
    os.environ.pop(_var.upper(), None)
