"""The days each incident's dates can be drawn over, kept by the database (refwatch.knowledge.drawn):
columns GENERATED ALWAYS AS ... STORED, which the database fills for the incidents already stored
when it adds them (SQLite builds the table again with them, PostgreSQL writes each row again) and
keeps true at every later write of the dates, whoever writes them."""

import refwatch.knowledge.drawn
from django.db import migrations, models


def _drawn(part: str) -> models.GeneratedField:
    return models.GeneratedField(
        db_persist=True,
        expression=refwatch.knowledge.drawn.DrawnDate(part),
        output_field=models.CharField(max_length=10),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0024_record_changes_strict"),
    ]

    operations = [
        migrations.AddField(model_name="incident", name="drawn_start", field=_drawn("start")),
        migrations.AddField(model_name="incident", name="drawn_end", field=_drawn("end")),
        migrations.AddField(model_name="incident", name="drawn_period", field=_drawn("period")),
    ]
