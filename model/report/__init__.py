"""Policy reports: HTML and PDF documents, figures, Sankey diagrams, languages."""
