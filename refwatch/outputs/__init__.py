"""What refwatch gives back: search, timelines, briefs, drafts, claim checks, exports."""
