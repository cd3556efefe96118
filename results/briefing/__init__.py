"""The review-and-planning briefing: `content` builds it from the live data, `files` writes it as
PowerPoint or PDF, `runs` runs it as a tracked background job."""
