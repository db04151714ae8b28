"""Email about notifications: each person's choice (users.notification_email, a daily digest by
default), when their last digest was sent, and when a notification's immediate email went out

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 16:40:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('notification_email', sa.String(length=20), nullable=False,
                                      server_default='daily'))
        batch_op.add_column(sa.Column('notifications_digested_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_users_notification_email'),
                                         "notification_email IN ('immediate', 'daily', 'off')")
    op.add_column('notifications', sa.Column('emailed_at', sa.DateTime(), nullable=True))
    # What was already there has been seen in the app: email only what happens from now on.
    op.execute("UPDATE notifications SET emailed_at = created_at")
    op.create_index('ix_notifications_emailed_at', 'notifications', ['emailed_at'], unique=False)


def downgrade():
    op.drop_index('ix_notifications_emailed_at', table_name='notifications')
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.drop_column('emailed_at')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_constraint(op.f('ck_users_notification_email'), type_='check')
        batch_op.drop_column('notifications_digested_at')
        batch_op.drop_column('notification_email')
