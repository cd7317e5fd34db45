from buzon.cli import main

raise SystemExit(main())
