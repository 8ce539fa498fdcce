"""Development tools, not part of the program people use: the screenshot
makers (`make screenshots`), the built program's self-check (`--smoke-screenshot`) and
the check for controls a window cuts off."""
