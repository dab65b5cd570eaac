from inburgering_desktop.cli import main

raise SystemExit(main())
